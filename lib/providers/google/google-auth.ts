import type { OAuth2Client } from "google-auth-library";
import { logger } from "@/lib/logger";
import type { OAuthApp } from "../oauth-app";
import { classifyGoogleError } from "./google-api-error";
import { createGoogleOAuthClient, googleCredentialsSchema, type GoogleCredentials } from "./google-oauth";

/**
 * The signed-in OAuth client of one Google grant (Gmail or Calendar): google-auth-library refreshes
 * the access token when needed, and every token it obtains is merged into the credentials and handed
 * to `onCredentialsUpdate` to be stored encrypted (never logged).
 */
export class GoogleAuth {
  readonly client: OAuth2Client;
  private current: GoogleCredentials;

  constructor(
    private readonly app: OAuthApp,
    credentials: GoogleCredentials,
    onCredentialsUpdate?: (credentials: GoogleCredentials) => void | Promise<void>,
  ) {
    this.current = googleCredentialsSchema.parse(credentials);
    this.client = createGoogleOAuthClient(app);
    this.client.setCredentials({ refresh_token: this.current.refresh_token, access_token: this.current.access_token, expiry_date: this.current.expiry_date });
    this.client.on("tokens", (tokens) => {
      this.current = googleCredentialsSchema.parse({
        ...this.current,
        refresh_token: tokens.refresh_token ?? this.current.refresh_token,
        access_token: tokens.access_token ?? undefined,
        expiry_date: tokens.expiry_date ?? undefined,
        scope: tokens.scope ?? this.current.scope,
      });
      Promise.resolve(onCredentialsUpdate?.(this.current)).catch((err: unknown) =>
        logger.error("google: persisting refreshed credentials failed", { app: app.label, error: err instanceof Error ? err.message : String(err) }),
      );
    });
  }

  get credentials(): GoogleCredentials {
    return this.current;
  }

  /** Revoke the grant; one that is already revoked or expired (400) is what we wanted anyway. */
  async revoke(nowMs: number): Promise<void> {
    try {
      await this.client.revokeToken(this.current.refresh_token);
    } catch (err) {
      const info = classifyGoogleError(err, nowMs, this.app);
      if (info.status === 400) return;
      throw info.error;
    }
  }
}
