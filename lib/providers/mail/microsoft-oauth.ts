import { env } from "@/lib/env";
import * as microsoft from "../microsoft/microsoft-oauth";
import type { OAuthApp } from "../oauth-app";
import { MailProviderError } from "./types";

/**
 * Mail.ReadBasic reads message envelopes (from, to, subject, dates, conversation) but never bodies,
 * bodyPreview or internet headers; User.Read is what GET /me (verify) needs; offline_access gives the
 * refresh token.
 */
export const OUTLOOK_SCOPES = ["offline_access", "User.Read", "Mail.ReadBasic"];

export const outlookCredentialsSchema = microsoft.microsoftCredentialsSchema;
export type OutlookCredentials = microsoft.MicrosoftCredentials;

/** Our Microsoft app for Outlook mail: OUTLOOK_CLIENT_ID, falling back to MICROSOFT_CLIENT_ID. */
export const OUTLOOK_MAIL_APP: OAuthApp = {
  label: "Outlook",
  scopes: OUTLOOK_SCOPES,
  client() {
    const e = env();
    const clientId = e.OUTLOOK_CLIENT_ID ?? e.MICROSOFT_CLIENT_ID;
    const clientSecret = e.OUTLOOK_CLIENT_SECRET ?? e.MICROSOFT_CLIENT_SECRET;
    return clientId && clientSecret ? { clientId, clientSecret } : null;
  },
  notConfigured: "Outlook is not configured: set OUTLOOK_CLIENT_ID and OUTLOOK_CLIENT_SECRET",
  Error: MailProviderError,
};

export const microsoftEndpoints = microsoft.microsoftEndpoints;
export const buildMicrosoftConsentUrl = (input: { state: string; redirectUri: string; loginHint?: string }) =>
  microsoft.buildMicrosoftConsentUrl(OUTLOOK_MAIL_APP, input);
export const exchangeMicrosoftAuthCode = (input: { code: string; redirectUri: string }, nowMs = Date.now()) =>
  microsoft.exchangeMicrosoftAuthCode(OUTLOOK_MAIL_APP, input, nowMs);
export const refreshMicrosoftToken = (refreshToken: string, nowMs = Date.now()) => microsoft.refreshMicrosoftToken(OUTLOOK_MAIL_APP, refreshToken, nowMs);
/** Accept a refresh token given directly (API clients): one refresh proves it works. */
export const microsoftCredentialsFromRefreshToken = (refreshToken: string) => refreshMicrosoftToken(refreshToken);
