import { OAuth2Client } from "google-auth-library";
import { z } from "zod";
import { env } from "@/lib/env";
import { oauthClientOrThrow, type OAuthApp } from "../oauth-app";
import { ProviderError } from "../provider-error";

/** What PookAi stores for a Google grant (Gmail or Calendar): the refresh token is what matters. */
export const googleCredentialsSchema = z.object({
  refresh_token: z.string().min(1),
  access_token: z.string().min(1).optional(),
  expiry_date: z.number().int().optional(),
  scope: z.string().optional(),
});
export type GoogleCredentials = z.infer<typeof googleCredentialsSchema>;

/** Google's OAuth endpoints from env (tests point them at loopback fakes), real defaults otherwise. */
export function googleOAuthEndpoints() {
  const e = env();
  const oauthBase = (e.GOOGLE_OAUTH_BASE_URL ?? "https://oauth2.googleapis.com").replace(/\/$/, "");
  const accountsBase = (e.GOOGLE_ACCOUNTS_BASE_URL ?? "https://accounts.google.com").replace(/\/$/, "");
  return { tokenUrl: `${oauthBase}/token`, revokeUrl: `${oauthBase}/revoke`, authUrl: `${accountsBase}/o/oauth2/v2/auth` };
}

/** An OAuth2 client for one of our Google apps (Gmail, Calendar). */
export function createGoogleOAuthClient(app: OAuthApp, redirectUri?: string): OAuth2Client {
  const { clientId, clientSecret } = oauthClientOrThrow(app);
  const ep = googleOAuthEndpoints();
  return new OAuth2Client({
    clientId,
    clientSecret,
    redirectUri,
    endpoints: { oauth2TokenUrl: ep.tokenUrl, oauth2RevokeUrl: ep.revokeUrl, oauth2AuthBaseUrl: ep.authUrl },
  });
}

/** The Google consent URL: offline access (a refresh token), the app's scopes, the caller's CSRF `state`. */
export function buildGoogleConsentUrl(app: OAuthApp, input: { state: string; redirectUri: string; loginHint?: string }): string {
  return createGoogleOAuthClient(app, input.redirectUri).generateAuthUrl({
    access_type: "offline",
    // "consent" makes Google return a refresh token even when the user granted access before.
    prompt: "consent",
    include_granted_scopes: true,
    scope: app.scopes,
    state: input.state,
    login_hint: input.loginHint,
  });
}

/** Exchange an authorization code from the consent redirect for stored credentials. */
export async function exchangeGoogleAuthCode(app: OAuthApp, input: { code: string; redirectUri: string }): Promise<GoogleCredentials> {
  const client = createGoogleOAuthClient(app, input.redirectUri);
  try {
    const { tokens } = await client.getToken(input.code);
    if (!tokens.refresh_token) {
      throw new app.Error("Google returned no refresh token: remove PookAi's access in your Google account and connect again", "auth");
    }
    return googleCredentialsSchema.parse({
      refresh_token: tokens.refresh_token,
      access_token: tokens.access_token ?? undefined,
      expiry_date: tokens.expiry_date ?? undefined,
      scope: tokens.scope ?? undefined,
    });
  } catch (err) {
    throw asGoogleOAuthError(app, err, "Google rejected the authorization code");
  }
}

/** Accept a refresh token given directly (API clients): one refresh proves it works. */
export async function googleCredentialsFromRefreshToken(app: OAuthApp, refreshToken: string): Promise<GoogleCredentials> {
  const client = createGoogleOAuthClient(app);
  client.setCredentials({ refresh_token: refreshToken });
  try {
    const { credentials } = await client.refreshAccessToken();
    return googleCredentialsSchema.parse({
      refresh_token: credentials.refresh_token ?? refreshToken,
      access_token: credentials.access_token ?? undefined,
      expiry_date: credentials.expiry_date ?? undefined,
      scope: credentials.scope ?? undefined,
    });
  } catch (err) {
    throw asGoogleOAuthError(app, err, "Google rejected the refresh token");
  }
}

/** Map a token-endpoint failure to the app's provider error without echoing any token. */
export function asGoogleOAuthError(app: OAuthApp, err: unknown, message: string): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = err as { response?: { status?: number; data?: { error?: unknown; error_description?: unknown } }; code?: unknown };
  const status = e.response?.status;
  if (status === undefined) return new app.Error(`${message}: Google could not be reached`, "unavailable");
  if (status >= 500) return new app.Error(`${message}: Google answered ${status}`, "unavailable");
  const reason = typeof e.response?.data?.error === "string" ? e.response.data.error : `HTTP ${status}`;
  return new app.Error(`${message} (${reason})`, "auth");
}
