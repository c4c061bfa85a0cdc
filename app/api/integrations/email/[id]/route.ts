import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { disconnectEmailIntegration } from "@/lib/integrations/disconnect-email-integration";

// DELETE /api/integrations/email/:id - disconnect a mailbox (grant revoked where possible; senders kept)
export const DELETE = withUser<"id">(async ({ user, params }) => ok(await disconnectEmailIntegration(user.id, params.id), { message: "Mailbox disconnected" }));
