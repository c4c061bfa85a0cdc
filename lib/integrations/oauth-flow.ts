import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { appUrl } from "@/lib/env";
import { logger } from "@/lib/logger";
import { ProviderError } from "@/lib/providers/provider-error";
import { checkOAuthState, createOAuthState, OAUTH_STATE_COOKIE, oauthCookieOptions, type OAuthFlow } from "./oauth-state";

type OAuthUser = { id: string; timezone: string };

/** One browser connect flow: a mailbox or a calendar, through Google or Microsoft. */
export type OAuthTarget = OAuthFlow & {
  /** Our callback URL for this flow (registered with the provider). */
  redirectUri: string;
  consentUrl(input: { state: string; redirectUri: string; loginHint?: string }): string;
  /** Exchange the code and connect; returns what the integrations page shows (query parameters). */
  connect(user: OAuthUser, code: string, redirectUri: string): Promise<Record<string, string>>;
  /** Said when connecting fails for a reason that is not the user's to fix. */
  failure: string;
};

/** Redirect the browser to the provider's consent screen, with a state bound to this user, flow and browser. */
export async function startOAuth(userId: string, target: OAuthTarget, loginHint?: string) {
  const state = await createOAuthState(userId, target);
  let url: string;
  try {
    url = target.consentUrl({ state, redirectUri: target.redirectUri, loginHint });
  } catch (error) {
    if (error instanceof ProviderError) throw new AppError("VALIDATION_ERROR", error.message);
    throw error;
  }
  const res = NextResponse.redirect(url, 302);
  res.cookies.set(OAUTH_STATE_COOKIE, state, oauthCookieOptions(target.kind));
  return res;
}

/**
 * The provider sent the browser back: check the state, exchange the code and connect, then return
 * to the integrations page with the outcome (never a raw JSON error in the browser).
 */
export async function finishOAuth(
  user: OAuthUser,
  target: OAuthTarget,
  query: { code: string | null; state: string | null; error: string | null },
  stateCookie: string | undefined,
) {
  const back = new URL("/integrations", appUrl());
  try {
    await checkOAuthState(query.state, stateCookie, user.id, target);
    if (query.error || !query.code)
      throw new AppError("VALIDATION_ERROR", query.error === "access_denied" ? "Access was not granted" : `The provider answered: ${query.error ?? "no code"}`);
    for (const [name, value] of Object.entries(await target.connect(user, query.code, target.redirectUri))) back.searchParams.set(name, value);
  } catch (error) {
    const message = error instanceof AppError ? error.message : target.failure;
    if (!(error instanceof AppError)) logger.error("OAuth callback failed", { kind: target.kind, provider: target.provider, error });
    back.searchParams.set("error", message);
  }
  const res = NextResponse.redirect(back, 302);
  res.cookies.set(OAUTH_STATE_COOKIE, "", { ...oauthCookieOptions(target.kind), maxAge: 0 });
  return res;
}
