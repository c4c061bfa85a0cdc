import { withUser } from "@/lib/api/with-user";
import { mailOAuthTarget } from "@/lib/integrations/mail-oauth-target";
import { startOAuth } from "@/lib/integrations/oauth-flow";

// GET /api/integrations/email/google/start - redirect to the provider's consent screen
export const GET = withUser(async ({ user }) => startOAuth(user.id, mailOAuthTarget("google"), user.email));
