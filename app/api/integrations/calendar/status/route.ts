import { withUser } from "@/lib/api/with-user";
import { getCalendarStatus } from "@/lib/calendar/get-calendar-status";

// GET /api/integrations/calendar/status - whether a calendar is connected, and each calendar's state
export const GET = withUser(async ({ user }) => getCalendarStatus(user.id));
