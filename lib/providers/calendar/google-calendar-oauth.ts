import { env } from "@/lib/env";
import type { OAuthApp } from "../oauth-app";
import { CalendarProviderError } from "./types";

/** Read-only calendar access: events of the user's calendars, nothing else. */
export const GOOGLE_CALENDAR_SCOPES = ["https://www.googleapis.com/auth/calendar.readonly"];

/** Our Google app for Calendar: GOOGLE_CALENDAR_CLIENT_ID, else the Gmail app, else the Google login app. */
export const GOOGLE_CALENDAR_OAUTH_APP: OAuthApp = {
  label: "Google Calendar",
  scopes: GOOGLE_CALENDAR_SCOPES,
  client() {
    const e = env();
    const pairs: [string | undefined, string | undefined][] = [
      [e.GOOGLE_CALENDAR_CLIENT_ID, e.GOOGLE_CALENDAR_CLIENT_SECRET],
      [e.GMAIL_CLIENT_ID, e.GMAIL_CLIENT_SECRET],
      [e.GOOGLE_CLIENT_ID, e.GOOGLE_CLIENT_SECRET],
    ];
    // A pair, never an id from one app with the secret of another.
    const [clientId, clientSecret] = pairs.find(([id, secret]) => id && secret) ?? [];
    return clientId && clientSecret ? { clientId, clientSecret } : null;
  },
  notConfigured: "Google Calendar is not configured: set GOOGLE_CALENDAR_CLIENT_ID and GOOGLE_CALENDAR_CLIENT_SECRET",
  Error: CalendarProviderError,
};

/** The Calendar API root from env (tests point it at a loopback fake), the real one otherwise. */
export function googleCalendarRootUrl(): string {
  return `${(env().GOOGLE_CALENDAR_API_BASE_URL ?? "https://www.googleapis.com").replace(/\/$/, "")}/`;
}
