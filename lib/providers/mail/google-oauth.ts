import { env } from "@/lib/env";
import * as google from "../google/google-oauth";
import type { OAuthApp } from "../oauth-app";
import { MailProviderError } from "./types";

/**
 * gmail.readonly, not gmail.metadata: the metadata scope refuses messages.list `q`, which the
 * catch-up after an expired history id needs (q=after:<epoch>). We still only fetch headers.
 */
export const GMAIL_SCOPES = ["https://www.googleapis.com/auth/gmail.readonly"];

export const gmailCredentialsSchema = google.googleCredentialsSchema;
export type GmailCredentials = google.GoogleCredentials;

/** Our Google app for Gmail: GMAIL_CLIENT_ID, falling back to GOOGLE_CLIENT_ID. */
export const GMAIL_OAUTH_APP: OAuthApp = {
  label: "Gmail",
  scopes: GMAIL_SCOPES,
  client() {
    const e = env();
    const clientId = e.GMAIL_CLIENT_ID ?? e.GOOGLE_CLIENT_ID;
    const clientSecret = e.GMAIL_CLIENT_SECRET ?? e.GOOGLE_CLIENT_SECRET;
    return clientId && clientSecret ? { clientId, clientSecret } : null;
  },
  notConfigured: "Gmail is not configured: set GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET",
  Error: MailProviderError,
};

/** Google endpoints from env (tests point them at loopback fakes), real defaults otherwise. */
export function googleEndpoints() {
  return { apiRootUrl: `${(env().GMAIL_API_BASE_URL ?? "https://gmail.googleapis.com").replace(/\/$/, "")}/`, ...google.googleOAuthEndpoints() };
}

export const createGoogleOAuthClient = (redirectUri?: string) => google.createGoogleOAuthClient(GMAIL_OAUTH_APP, redirectUri);
export const buildGoogleConsentUrl = (input: { state: string; redirectUri: string; loginHint?: string }) =>
  google.buildGoogleConsentUrl(GMAIL_OAUTH_APP, input);
export const exchangeGoogleAuthCode = (input: { code: string; redirectUri: string }) => google.exchangeGoogleAuthCode(GMAIL_OAUTH_APP, input);
export const googleCredentialsFromRefreshToken = (refreshToken: string) => google.googleCredentialsFromRefreshToken(GMAIL_OAUTH_APP, refreshToken);
