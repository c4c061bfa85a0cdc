import { withUser } from "@/lib/api/with-user";
import { getEmailIntegrationStatus } from "@/lib/integrations/get-email-integration-status";

// GET /api/integrations/email/status - whether a mailbox is connected, and each mailbox's state
export const GET = withUser(async ({ user }) => getEmailIntegrationStatus(user.id));
