import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { revokeSession } from "@/lib/auth/manage-sessions";

// POST /api/auth/logout - end the current session: its access and refresh tokens stop working
export const POST = withUser(async ({ user, sessionId }) => {
  await revokeSession(user.id, sessionId);
  return ok(null, { message: "Logged out" });
});
