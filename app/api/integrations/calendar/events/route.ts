import { withUser } from "@/lib/api/with-user";
import { getCalendarEvents } from "@/lib/calendar/get-calendar-events";
import { daysAheadQuerySchema } from "@/lib/schemas/calendar";

// GET /api/integrations/calendar/events?days_ahead=7 - upcoming meetings across the user's calendars
export const GET = withUser(async ({ user, searchParams }) => getCalendarEvents(user, daysAheadQuerySchema.parse(Object.fromEntries(searchParams))));
