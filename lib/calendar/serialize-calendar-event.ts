import type { CalendarEvent, CalendarProviderName } from "@/lib/providers/calendar/types";
import type { CalendarEventDto } from "@/lib/schemas/calendar";

export type SourcedCalendarEvent = CalendarEvent & { integration_id: string; provider: CalendarProviderName };

/** A calendar event as the API shows it: which calendar it came from, instants as ISO strings. */
export function serializeCalendarEvent(e: SourcedCalendarEvent): CalendarEventDto {
  return {
    integration_id: e.integration_id,
    provider: e.provider,
    provider_event_id: e.provider_event_id,
    title: e.title,
    start: e.start.toISOString(),
    end: e.end.toISOString(),
    all_day: e.all_day,
    location: e.location,
    meeting_url: e.meeting_url,
    organizer_email: e.organizer_email,
    attendees: e.attendees,
    status: e.status,
    self_response: e.self_response,
  };
}
