import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { connectCalendarIntegration } from "@/lib/calendar/connect-calendar-integration";
import { connectCalendarBodySchema } from "@/lib/schemas/calendar";

// POST /api/integrations/calendar/connect - connect Google/Outlook (code or refresh token), a CalDAV account or the demo calendar
export const POST = withUser(async ({ user, body }) =>
  ok(await connectCalendarIntegration(user, connectCalendarBodySchema.parse(body)), { status: 201, message: "Calendar connected" }),
);
