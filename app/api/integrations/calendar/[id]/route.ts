import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { disconnectCalendarIntegration } from "@/lib/calendar/disconnect-calendar-integration";

// DELETE /api/integrations/calendar/:id - disconnect a calendar (grant revoked where possible)
export const DELETE = withUser<"id">(async ({ user, params }) =>
  ok(await disconnectCalendarIntegration(user, params.id), { message: "Calendar disconnected" }),
);
