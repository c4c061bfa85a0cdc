import { env } from "@/lib/env";
import type { OAuthApp } from "../oauth-app";
import { CalendarProviderError } from "./types";

/** Calendars.Read for /me/calendarView; User.Read for GET /me (verify); offline_access for the refresh token. */
export const OUTLOOK_CALENDAR_SCOPES = ["offline_access", "User.Read", "Calendars.Read"];

/** Our Microsoft app for Outlook calendars: the Outlook mail app's registration, else the Microsoft login app. */
export const OUTLOOK_CALENDAR_OAUTH_APP: OAuthApp = {
  label: "Outlook Calendar",
  scopes: OUTLOOK_CALENDAR_SCOPES,
  client() {
    const e = env();
    const pairs: [string | undefined, string | undefined][] = [
      [e.OUTLOOK_CLIENT_ID, e.OUTLOOK_CLIENT_SECRET],
      [e.MICROSOFT_CLIENT_ID, e.MICROSOFT_CLIENT_SECRET],
    ];
    const [clientId, clientSecret] = pairs.find(([id, secret]) => id && secret) ?? [];
    return clientId && clientSecret ? { clientId, clientSecret } : null;
  },
  notConfigured: "Outlook Calendar is not configured: set OUTLOOK_CLIENT_ID and OUTLOOK_CLIENT_SECRET",
  Error: CalendarProviderError,
};
