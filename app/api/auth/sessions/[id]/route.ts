import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { revokeSession } from "@/lib/auth/manage-sessions";

// DELETE /api/auth/sessions/:id - revoke one session
export const DELETE = withUser<"id">(async ({ user, params }) => {
  await revokeSession(user.id, params.id);
  return ok(null, { message: "Session revoked" });
});
