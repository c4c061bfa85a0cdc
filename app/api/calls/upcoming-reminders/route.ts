import { withUser } from "@/lib/api/with-user";
import { getUpcomingReminders } from "@/lib/calendar/get-upcoming-reminders";
import { daysAheadQuerySchema } from "@/lib/schemas/calendar";

// GET /api/calls/upcoming-reminders?days_ahead=7 - which meetings get a reminder call or digest mention, and when
export const GET = withUser(async ({ user, searchParams }) => getUpcomingReminders(user, daysAheadQuerySchema.parse(Object.fromEntries(searchParams))));
