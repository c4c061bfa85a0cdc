import { buildGoogleConsentUrl } from "@/lib/providers/mail/google-oauth";
import { buildMicrosoftConsentUrl } from "@/lib/providers/mail/microsoft-oauth";
import { connectEmailIntegration, oauthRedirectUri } from "./connect-email-integration";
import type { OAuthTarget } from "./oauth-flow";

/** The browser flow that connects a Gmail or Outlook mailbox. */
export function mailOAuthTarget(provider: "google" | "microsoft"): OAuthTarget {
  return {
    kind: "email",
    provider,
    redirectUri: oauthRedirectUri(provider),
    consentUrl: provider === "google" ? buildGoogleConsentUrl : buildMicrosoftConsentUrl,
    async connect(user, code, redirectUri) {
      const result = await connectEmailIntegration(user.id, {
        provider: provider === "google" ? "gmail" : "outlook",
        auth_token: code,
        token_type: "authorization_code",
        redirect_uri: redirectUri,
      });
      return { connected: result.provider, integration_id: result.integration_id };
    },
    failure: "Connecting the mailbox failed",
  };
}
