import { sql } from "drizzle-orm";
import { encryptJson } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { emailIntegrations } from "@/lib/db/schema";
import { appUrl } from "@/lib/env";
import { exchangeGoogleAuthCode, googleCredentialsFromRefreshToken } from "@/lib/providers/mail/google-oauth";
import { exchangeMicrosoftAuthCode, microsoftCredentialsFromRefreshToken } from "@/lib/providers/mail/microsoft-oauth";
import { createMailProvider } from "@/lib/providers/mail/create-mail-provider";
import type { ConnectEmailBody } from "@/lib/schemas/integrations";
import { guessOAuthTokenKind } from "./guess-oauth-token-kind";
import { mailErrorToAppError } from "./mail-error-to-app-error";

export function oauthRedirectUri(provider: "google" | "microsoft"): string {
  return `${appUrl()}/api/integrations/email/${provider}/callback`;
}

function tokenKind(body: Extract<ConnectEmailBody, { provider: "gmail" | "outlook" }>): "authorization_code" | "refresh_token" {
  return body.token_type ?? guessOAuthTokenKind(body.provider === "gmail" ? "google" : "microsoft", body.auth_token);
}

async function credentialsFor(body: ConnectEmailBody): Promise<Record<string, unknown>> {
  switch (body.provider) {
    case "demo":
      return body.seed ? { seed: body.seed } : {};
    case "imap":
      return { host: body.host, port: body.port, secure: body.secure, username: body.username, password: body.password };
    case "gmail":
      return tokenKind(body) === "refresh_token"
        ? googleCredentialsFromRefreshToken(body.auth_token)
        : exchangeGoogleAuthCode({ code: body.auth_token, redirectUri: body.redirect_uri ?? oauthRedirectUri("google") });
    case "outlook":
      return tokenKind(body) === "refresh_token"
        ? microsoftCredentialsFromRefreshToken(body.auth_token)
        : exchangeMicrosoftAuthCode({ code: body.auth_token, redirectUri: body.redirect_uri ?? oauthRedirectUri("microsoft") });
  }
}

/**
 * Connect a mailbox. The connection is tried (a real round trip to the provider) before anything
 * is stored: refused credentials or an unreachable host store nothing. Reconnecting the same
 * account updates its credentials and keeps its senders and history.
 */
export async function connectEmailIntegration(userId: string, body: ConnectEmailBody) {
  let credentials: Record<string, unknown>;
  let accountEmail: string;
  try {
    credentials = await credentialsFor(body);
    const provider = createMailProvider({ provider: body.provider, credentials, mailboxKey: `verify:${userId}` });
    try {
      accountEmail = (await provider.verify()).account_email.toLowerCase();
    } finally {
      await provider.close?.();
    }
  } catch (error) {
    throw mailErrorToAppError(error, body.provider);
  }
  const db = await getDb();
  const [row] = await db
    .insert(emailIntegrations)
    // Stamped by the app's clock: the urgent-mail window compares it with message dates and "now".
    .values({
      user_id: userId,
      provider: body.provider,
      account_email: accountEmail,
      credentials_encrypted: encryptJson(credentials),
      status: "connected",
      created_at: new Date(),
      updated_at: new Date(),
    })
    .onConflictDoUpdate({
      target: [emailIntegrations.user_id, emailIntegrations.provider, emailIntegrations.account_email],
      set: { credentials_encrypted: encryptJson(credentials), status: "connected", last_error: null, updated_at: sql`now()` },
    })
    .returning();
  return { integration_id: row!.id, status: "connected" as const, provider: row!.provider, account_email: row!.account_email };
}
