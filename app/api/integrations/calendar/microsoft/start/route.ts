import { withUser } from "@/lib/api/with-user";
import { calendarOAuthTarget } from "@/lib/calendar/calendar-oauth-target";
import { startOAuth } from "@/lib/integrations/oauth-flow";

// GET /api/integrations/calendar/microsoft/start - redirect to the provider's consent screen (read-only calendar access)
export const GET = withUser(async ({ user }) => startOAuth(user.id, calendarOAuthTarget("microsoft"), user.email));
