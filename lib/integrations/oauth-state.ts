import { SignJWT, jwtVerify } from "jose";
import { AppError } from "@/lib/errors";
import { randomToken, safeEqual } from "@/lib/crypto";
import { getSecret } from "@/lib/secrets";

export const OAUTH_STATE_COOKIE = "pookai_oauth_state";
const TTL_SECONDS = 600;

/** Which connect flow a state belongs to: what is being connected, through which identity provider. */
export type OAuthFlow = { kind: "email" | "calendar"; provider: "google" | "microsoft" };

const key = () => new TextEncoder().encode(`oauth-state:${getSecret("JWT_SECRET")}`);
const flowName = (flow: OAuthFlow) => `${flow.kind}:${flow.provider}`;

/** A signed, short-lived state naming the user and the flow; also set as a cookie to bind the browser. */
export async function createOAuthState(userId: string, flow: OAuthFlow): Promise<string> {
  return new SignJWT({ flow: flowName(flow), nonce: randomToken(12) })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(`${TTL_SECONDS}s`)
    .sign(key());
}

/**
 * The callback's state must be the one we issued (signature, expiry), to this browser (the cookie),
 * for this flow (a mailbox state cannot finish a calendar connect) and for the user who is signed in
 * now: anything else is a forged or replayed callback.
 */
export async function checkOAuthState(state: string | null, cookie: string | undefined, userId: string, flow: OAuthFlow) {
  const refused = new AppError("VALIDATION_ERROR", "The sign-in with the provider expired or did not start here; try connecting again", {
    state: ["Invalid state"],
  });
  if (!state || !cookie || !safeEqual(state, cookie)) throw refused;
  try {
    const { payload } = await jwtVerify(state, key(), { algorithms: ["HS256"] });
    if (payload.sub !== userId || payload.flow !== flowName(flow)) throw refused;
  } catch {
    throw refused;
  }
}

/** The state cookie is only sent back to the flow's own callbacks (/api/integrations/<kind>/...). */
export function oauthCookieOptions(kind: OAuthFlow["kind"]) {
  return { httpOnly: true, sameSite: "lax" as const, path: `/api/integrations/${kind}`, maxAge: TTL_SECONDS };
}
