import { providerErrorToAppError } from "@/lib/integrations/provider-error-to-app-error";
import type { CalendarProviderName } from "@/lib/providers/calendar/types";

export const CALENDAR_LABEL: Record<CalendarProviderName, string> = {
  google: "Google Calendar",
  outlook: "Outlook Calendar",
  caldav: "The CalDAV server",
  demo: "The demo calendar",
};

/** A calendar provider failure as the API reports it (see providerErrorToAppError), naming the calendar's service. */
export function calendarErrorToAppError(error: unknown, provider: CalendarProviderName): unknown {
  return providerErrorToAppError(error, CALENDAR_LABEL[provider]);
}
