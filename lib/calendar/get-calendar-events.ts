import { listUpcomingEvents } from "./list-upcoming-events";
import { serializeCalendarEvent } from "./serialize-calendar-event";

/** GET /api/integrations/calendar/events as data: the upcoming meetings, serialized. */
export async function getCalendarEvents(user: { id: string; timezone: string }, options: { days_ahead: number; now?: Date }) {
  const upcoming = await listUpcomingEvents(user, options);
  return { ...upcoming, from: upcoming.from.toISOString(), to: upcoming.to.toISOString(), events: upcoming.events.map(serializeCalendarEvent) };
}
