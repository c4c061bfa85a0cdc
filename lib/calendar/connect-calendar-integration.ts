import { sql } from "drizzle-orm";
import { encryptJson } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { calendarIntegrations } from "@/lib/db/schema";
import { appUrl } from "@/lib/env";
import { guessOAuthTokenKind } from "@/lib/integrations/guess-oauth-token-kind";
import { createCalendarProvider } from "@/lib/providers/calendar/create-calendar-provider";
import { GOOGLE_CALENDAR_OAUTH_APP } from "@/lib/providers/calendar/google-calendar-oauth";
import { OUTLOOK_CALENDAR_OAUTH_APP } from "@/lib/providers/calendar/outlook-calendar-oauth";
import { exchangeGoogleAuthCode, googleCredentialsFromRefreshToken } from "@/lib/providers/google/google-oauth";
import { exchangeMicrosoftAuthCode, refreshMicrosoftToken } from "@/lib/providers/microsoft/microsoft-oauth";
import type { ConnectCalendarBody } from "@/lib/schemas/calendar";
import { calendarErrorToAppError } from "./calendar-error-to-app-error";

/** Our browser-OAuth callback for calendars (registered with Google / Microsoft next to the mailbox one). */
export function calendarOAuthRedirectUri(provider: "google" | "microsoft"): string {
  return `${appUrl()}/api/integrations/calendar/${provider}/callback`;
}

async function credentialsFor(body: ConnectCalendarBody, timezone: string): Promise<Record<string, unknown>> {
  switch (body.provider) {
    case "demo":
      // The demo's working hours are the user's own.
      return { ...(body.seed ? { seed: body.seed } : {}), timezone };
    case "caldav":
      return { url: body.url, username: body.username, password: body.password };
    case "google": {
      const kind = body.token_type ?? guessOAuthTokenKind("google", body.auth_token);
      return kind === "refresh_token"
        ? googleCredentialsFromRefreshToken(GOOGLE_CALENDAR_OAUTH_APP, body.auth_token)
        : exchangeGoogleAuthCode(GOOGLE_CALENDAR_OAUTH_APP, { code: body.auth_token, redirectUri: body.redirect_uri ?? calendarOAuthRedirectUri("google") });
    }
    case "outlook": {
      const kind = body.token_type ?? guessOAuthTokenKind("microsoft", body.auth_token);
      return kind === "refresh_token"
        ? refreshMicrosoftToken(OUTLOOK_CALENDAR_OAUTH_APP, body.auth_token)
        : exchangeMicrosoftAuthCode(OUTLOOK_CALENDAR_OAUTH_APP, {
            code: body.auth_token,
            redirectUri: body.redirect_uri ?? calendarOAuthRedirectUri("microsoft"),
          });
    }
  }
}

/**
 * Connect a calendar. The connection is tried (a real round trip) before anything is stored:
 * refused credentials, a refused host or an unreachable server store nothing. Reconnecting the
 * same account replaces its credentials.
 */
export async function connectCalendarIntegration(user: { id: string; timezone: string }, body: ConnectCalendarBody) {
  let credentials: Record<string, unknown>;
  let accountEmail: string;
  try {
    credentials = await credentialsFor(body, user.timezone);
    accountEmail = (await createCalendarProvider({ provider: body.provider, credentials, timeZone: user.timezone }).verify()).account_email.toLowerCase();
  } catch (error) {
    throw calendarErrorToAppError(error, body.provider);
  }
  const db = await getDb();
  const now = new Date();
  const [row] = await db
    .insert(calendarIntegrations)
    .values({
      user_id: user.id,
      provider: body.provider,
      account_email: accountEmail,
      credentials_encrypted: encryptJson(credentials),
      status: "connected",
      created_at: now,
      updated_at: now,
    })
    .onConflictDoUpdate({
      target: [calendarIntegrations.user_id, calendarIntegrations.provider, calendarIntegrations.account_email],
      set: { credentials_encrypted: encryptJson(credentials), status: "connected", last_error: null, updated_at: sql`now()` },
    })
    .returning();
  return { integration_id: row!.id, status: "connected" as const, provider: row!.provider, account_email: row!.account_email };
}
