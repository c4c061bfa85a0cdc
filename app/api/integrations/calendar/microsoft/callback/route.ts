import { withUser } from "@/lib/api/with-user";
import { calendarOAuthTarget } from "@/lib/calendar/calendar-oauth-target";
import { finishOAuth } from "@/lib/integrations/oauth-flow";
import { OAUTH_STATE_COOKIE } from "@/lib/integrations/oauth-state";

// GET /api/integrations/calendar/microsoft/callback - the provider's redirect back: connect and return to /integrations
export const GET = withUser(async ({ user, req, searchParams }) =>
  finishOAuth(
    user,
    calendarOAuthTarget("microsoft"),
    { code: searchParams.get("code"), state: searchParams.get("state"), error: searchParams.get("error") },
    req.cookies.get(OAUTH_STATE_COOKIE)?.value,
  ),
);
