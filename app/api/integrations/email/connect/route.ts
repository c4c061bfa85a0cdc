import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { connectEmailIntegration } from "@/lib/integrations/connect-email-integration";
import { connectEmailBodySchema } from "@/lib/schemas/integrations";

// POST /api/integrations/email/connect - connect Gmail/Outlook (code or refresh token), IMAP or the demo mailbox
export const POST = withUser(async ({ user, body }) =>
  ok(await connectEmailIntegration(user.id, connectEmailBodySchema.parse(body)), { status: 201, message: "Mailbox connected" }),
);
