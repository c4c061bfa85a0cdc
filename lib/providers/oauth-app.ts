import type { ProviderErrorClass } from "./provider-error";

/**
 * One OAuth client registration as a provider uses it: Gmail and Google Calendar share Google's
 * endpoints but differ in scopes, client variables and how errors name the service.
 */
export type OAuthApp = {
  /** How messages name the service: "Gmail", "Google Calendar", "Outlook". */
  label: string;
  scopes: string[];
  /** The configured client id and secret, or null when the server has none. */
  client(): { clientId: string; clientSecret: string } | null;
  /** Said when client() is null: which variables to set. */
  notConfigured: string;
  /** What this provider family throws. */
  Error: ProviderErrorClass;
};

/** The app's client id and secret, or the provider family's "not configured" error. */
export function oauthClientOrThrow(app: OAuthApp): { clientId: string; clientSecret: string } {
  const client = app.client();
  if (!client) throw new app.Error(app.notConfigured, "invalid_request");
  return client;
}
