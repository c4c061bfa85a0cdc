import type { OAuthTarget } from "@/lib/integrations/oauth-flow";
import { GOOGLE_CALENDAR_OAUTH_APP } from "@/lib/providers/calendar/google-calendar-oauth";
import { OUTLOOK_CALENDAR_OAUTH_APP } from "@/lib/providers/calendar/outlook-calendar-oauth";
import { buildGoogleConsentUrl } from "@/lib/providers/google/google-oauth";
import { buildMicrosoftConsentUrl } from "@/lib/providers/microsoft/microsoft-oauth";
import { calendarOAuthRedirectUri, connectCalendarIntegration } from "./connect-calendar-integration";

/** The browser flow that connects a Google or Outlook calendar (read-only scopes). */
export function calendarOAuthTarget(provider: "google" | "microsoft"): OAuthTarget {
  return {
    kind: "calendar",
    provider,
    redirectUri: calendarOAuthRedirectUri(provider),
    consentUrl: (input) =>
      provider === "google" ? buildGoogleConsentUrl(GOOGLE_CALENDAR_OAUTH_APP, input) : buildMicrosoftConsentUrl(OUTLOOK_CALENDAR_OAUTH_APP, input),
    async connect(user, code, redirectUri) {
      const result = await connectCalendarIntegration(user, {
        provider: provider === "google" ? "google" : "outlook",
        auth_token: code,
        token_type: "authorization_code",
        redirect_uri: redirectUri,
      });
      return { calendar_connected: result.provider, integration_id: result.integration_id };
    },
    failure: "Connecting the calendar failed",
  };
}
