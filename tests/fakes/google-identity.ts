import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Google's identity endpoints as a loopback fake serves them for one API (Gmail, Calendar): the
 * token endpoint (authorization_code and refresh_token grants), revoke, and the consent screen that
 * redirects straight back with a code, with the shapes google-auth-library sees from
 * oauth2.googleapis.com and accounts.google.com. Also checks the bearer token of API requests.
 */
export type GoogleIdentityOptions = {
  clock: { now(): number };
  clientId: string;
  clientSecret: string;
  /** The scope the token endpoint reports granting. */
  scope: string;
  /** Whether the consent screen knows this account (login_hint), and the one it picks without a hint. */
  hasAccount(email: string): boolean;
  defaultAccount(): string | undefined;
};

export type GoogleIdentity = {
  /** Answers /token, /revoke and /o/oauth2/v2/auth; false when the request is for something else. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** The account behind an API request's bearer token, or null after a 401 has been sent. */
  authenticate(req: IncomingMessage, res: ServerResponse): { email: string; refreshToken: string } | null;
  addRefreshToken(email: string): string;
  issueAuthCode(email: string, redirectUri: string): string;
  isRevoked(refreshToken: string): boolean;
  /** Expire every access token now: the next API call gets 401 and the client must refresh. */
  expireAccessTokens(): void;
};

/** Google's JSON error body ({error:{code,message,errors:[{reason}],status}}) with optional headers. */
export function googleError(
  res: ServerResponse,
  status: number,
  message: string,
  reason: string,
  extra: { domain?: string; statusText?: string; headers?: Record<string, string> } = {},
) {
  const body = {
    error: {
      code: status,
      message,
      errors: [{ message, domain: extra.domain ?? "global", reason }],
      ...(extra.statusText ? { status: extra.statusText } : {}),
    },
  };
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...(extra.headers ?? {}) });
  res.end(JSON.stringify(body));
}

export function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if ((req.headers["content-type"] ?? "").includes("application/json")) {
    return new URLSearchParams(Object.entries(JSON.parse(text || "{}") as Record<string, string>));
  }
  return new URLSearchParams(text);
}

export function createGoogleIdentity(options: GoogleIdentityOptions): GoogleIdentity {
  const { clock, clientId, clientSecret, scope } = options;
  const refreshTokens = new Map<string, { email: string; revoked: boolean }>();
  const accessTokens = new Map<string, { email: string; refreshToken: string; expiresAt: number }>();
  const authCodes = new Map<string, { email: string; redirectUri: string }>();

  const issueAccessToken = (email: string, refreshToken: string) => {
    const token = `ya29.fake-${randomBytes(12).toString("hex")}`;
    accessTokens.set(token, { email, refreshToken, expiresAt: clock.now() + 3600_000 });
    return token;
  };

  const handleToken = async (req: IncomingMessage, res: ServerResponse) => {
    const form = await readForm(req);
    if (form.get("client_id") !== clientId || form.get("client_secret") !== clientSecret) {
      json(res, 401, { error: "invalid_client", error_description: "The OAuth client was not found." });
      return;
    }
    const grant = form.get("grant_type");
    if (grant === "refresh_token") {
      const rt = refreshTokens.get(form.get("refresh_token") ?? "");
      if (!rt || rt.revoked) {
        json(res, 400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
        return;
      }
      json(res, 200, { access_token: issueAccessToken(rt.email, form.get("refresh_token")!), expires_in: 3599, scope, token_type: "Bearer" });
      return;
    }
    if (grant === "authorization_code") {
      const code = authCodes.get(form.get("code") ?? "");
      authCodes.delete(form.get("code") ?? "");
      if (!code) {
        json(res, 400, { error: "invalid_grant", error_description: "Malformed auth code." });
        return;
      }
      if (code.redirectUri !== form.get("redirect_uri")) {
        json(res, 400, { error: "redirect_uri_mismatch", error_description: "Bad Request" });
        return;
      }
      const refreshToken = identity.addRefreshToken(code.email);
      json(res, 200, {
        access_token: issueAccessToken(code.email, refreshToken),
        expires_in: 3599,
        refresh_token: refreshToken,
        scope,
        token_type: "Bearer",
      });
      return;
    }
    json(res, 400, { error: "unsupported_grant_type", error_description: `Invalid grant_type: ${grant}` });
  };

  const handleRevoke = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const form = await readForm(req);
    const token = url.searchParams.get("token") ?? form.get("token") ?? "";
    const rt = refreshTokens.get(token);
    const at = accessTokens.get(token);
    if (!rt && !at) {
      json(res, 400, { error: "invalid_token", error_description: "Token expired or revoked" });
      return;
    }
    const refresh = rt ? token : at!.refreshToken;
    refreshTokens.get(refresh)!.revoked = true;
    for (const [key, value] of accessTokens) if (value.refreshToken === refresh) accessTokens.delete(key);
    json(res, 200, {});
  };

  const handleConsent = (res: ServerResponse, url: URL) => {
    const redirectUri = url.searchParams.get("redirect_uri") ?? "";
    if (url.searchParams.get("client_id") !== clientId || !redirectUri) {
      res.writeHead(400, { "content-type": "text/html" });
      return res.end("<h1>Error 400: invalid_request</h1>");
    }
    const email = url.searchParams.get("login_hint") ?? options.defaultAccount();
    if (!email || !options.hasAccount(email)) {
      res.writeHead(400, { "content-type": "text/html" });
      return res.end("<h1>No such account</h1>");
    }
    const target = new URL(redirectUri);
    target.searchParams.set("code", identity.issueAuthCode(email, redirectUri));
    if (url.searchParams.has("state")) target.searchParams.set("state", url.searchParams.get("state")!);
    target.searchParams.set("scope", url.searchParams.get("scope") ?? "");
    res.writeHead(302, { location: target.toString() });
    res.end();
  };

  const identity: GoogleIdentity = {
    async handle(req, res, url) {
      if (req.method === "POST" && url.pathname === "/token") await handleToken(req, res);
      else if (req.method === "POST" && url.pathname === "/revoke") await handleRevoke(req, res, url);
      else if (req.method === "GET" && url.pathname === "/o/oauth2/v2/auth") handleConsent(res, url);
      else return false;
      return true;
    },
    authenticate(req, res) {
      const token = accessTokens.get((req.headers.authorization ?? "").replace(/^Bearer\s+/i, ""));
      if (!token || token.expiresAt <= clock.now() || refreshTokens.get(token.refreshToken)?.revoked) {
        googleError(
          res,
          401,
          "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
          "authError",
          { statusText: "UNAUTHENTICATED", headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } },
        );
        return null;
      }
      return { email: token.email, refreshToken: token.refreshToken };
    },
    addRefreshToken(email) {
      const refreshToken = `1//fake-${randomBytes(16).toString("hex")}`;
      refreshTokens.set(refreshToken, { email, revoked: false });
      return refreshToken;
    },
    issueAuthCode(email, redirectUri) {
      const code = `4/fake-${randomBytes(12).toString("hex")}`;
      authCodes.set(code, { email, redirectUri });
      return code;
    },
    isRevoked: (refreshToken) => refreshTokens.get(refreshToken)?.revoked ?? false,
    expireAccessTokens() {
      for (const token of accessTokens.values()) token.expiresAt = 0;
    },
  };
  return identity;
}
