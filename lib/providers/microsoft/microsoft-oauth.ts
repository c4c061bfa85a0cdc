import { z } from "zod";
import { env } from "@/lib/env";
import { oauthClientOrThrow, type OAuthApp } from "../oauth-app";

/** What PookAi stores for a Microsoft grant (mail or calendar): the refresh token is what matters. */
export const microsoftCredentialsSchema = z.object({
  refresh_token: z.string().min(1),
  access_token: z.string().min(1).optional(),
  /** Milliseconds since epoch. */
  expires_at: z.number().int().optional(),
  scope: z.string().optional(),
});
export type MicrosoftCredentials = z.infer<typeof microsoftCredentialsSchema>;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().int().positive(),
  scope: z.string().optional(),
});

/** Microsoft endpoints from env (tests point them at loopback fakes), real defaults otherwise. */
export function microsoftEndpoints() {
  const e = env();
  const login = (e.MICROSOFT_LOGIN_BASE_URL ?? "https://login.microsoftonline.com").replace(/\/$/, "");
  // "common": work, school and personal accounts alike, unless the deployment pins a tenant.
  const tenant = encodeURIComponent(e.MICROSOFT_TENANT_ID ?? "common");
  return {
    authorizeUrl: `${login}/${tenant}/oauth2/v2.0/authorize`,
    tokenUrl: `${login}/${tenant}/oauth2/v2.0/token`,
    graphBaseUrl: (e.GRAPH_API_BASE_URL ?? "https://graph.microsoft.com").replace(/\/$/, ""),
  };
}

/** The Microsoft consent URL (authorization code flow) for the app's scopes, carrying the caller's CSRF `state`. */
export function buildMicrosoftConsentUrl(app: OAuthApp, input: { state: string; redirectUri: string; loginHint?: string }): string {
  const url = new URL(microsoftEndpoints().authorizeUrl);
  url.searchParams.set("client_id", oauthClientOrThrow(app).clientId);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("response_mode", "query");
  url.searchParams.set("scope", app.scopes.join(" "));
  url.searchParams.set("state", input.state);
  url.searchParams.set("prompt", "select_account");
  if (input.loginHint) url.searchParams.set("login_hint", input.loginHint);
  return url.toString();
}

async function tokenRequest(app: OAuthApp, params: Record<string, string>, nowMs: number, what: string): Promise<MicrosoftCredentials> {
  const { clientId, clientSecret } = oauthClientOrThrow(app);
  let res: Response;
  try {
    res = await fetch(microsoftEndpoints().tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, scope: app.scopes.join(" "), ...params }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new app.Error(`${what}: Microsoft could not be reached`, "unavailable");
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const code = typeof body.error === "string" ? body.error : `HTTP ${res.status}`;
    if (res.status >= 500 || res.status === 429)
      throw new app.Error(`${what}: Microsoft answered ${res.status}`, res.status === 429 ? "rate_limit" : "unavailable");
    throw new app.Error(`${what} (${code})`, "auth");
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) throw new app.Error(`${what}: unexpected token response`, "unavailable");
  const refresh = parsed.data.refresh_token ?? params.refresh_token;
  if (!refresh) throw new app.Error(`${what}: Microsoft returned no refresh token (offline_access missing)`, "auth");
  return {
    refresh_token: refresh,
    access_token: parsed.data.access_token,
    expires_at: nowMs + parsed.data.expires_in * 1000,
    scope: parsed.data.scope,
  };
}

/** Exchange the authorization code from the consent redirect for stored credentials. */
export async function exchangeMicrosoftAuthCode(
  app: OAuthApp,
  input: { code: string; redirectUri: string },
  nowMs = Date.now(),
): Promise<MicrosoftCredentials> {
  return tokenRequest(
    app,
    { grant_type: "authorization_code", code: input.code, redirect_uri: input.redirectUri },
    nowMs,
    "Microsoft rejected the authorization code",
  );
}

/**
 * Redeem a refresh token for a fresh access token. Microsoft rotates refresh tokens: the result
 * carries the new one, which the caller must store in place of the old.
 */
export async function refreshMicrosoftToken(app: OAuthApp, refreshToken: string, nowMs = Date.now()): Promise<MicrosoftCredentials> {
  return tokenRequest(app, { grant_type: "refresh_token", refresh_token: refreshToken }, nowMs, "Microsoft rejected the refresh token");
}
