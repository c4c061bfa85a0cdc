import { Client, GraphError, HTTPMessageHandler } from "@microsoft/microsoft-graph-client";
import { logger } from "@/lib/logger";
import type { OAuthApp } from "../oauth-app";
import { ProviderError } from "../provider-error";
import { systemClock, type Clock } from "../shared/clock";
import { ConcurrencyLimiter } from "../shared/concurrency-limiter";
import { sharedPerMailbox } from "../shared/mailbox-registry";
import { GraphThrottleMiddleware, type GraphMailboxGate } from "./graph-throttle-middleware";
import { microsoftCredentialsSchema, microsoftEndpoints, refreshMicrosoftToken, type MicrosoftCredentials } from "./microsoft-oauth";

/** Graph allows 4 concurrent requests per mailbox per app (MailboxConcurrency). */
export const GRAPH_MAX_IN_FLIGHT = 4;
const EXPIRED_CODES = new Set(["SyncStateNotFound", "SyncStateInvalid", "resyncRequired", "InvalidSyncState"]);
const gates = new Map<string, GraphMailboxGate>();

/** Graph said a delta/sync state is gone (410 / SyncStateNotFound): the caller must resync. */
export class GraphSyncStateExpiredError extends Error {}

export type GraphSessionOptions = {
  /** Whose scopes the refresh asks for and which error class failures become. */
  app: OAuthApp;
  credentials: MicrosoftCredentials;
  /** Microsoft rotates refresh tokens: persist every update (encrypted) or the grant is lost. */
  onCredentialsUpdate?: (credentials: MicrosoftCredentials) => void | Promise<void>;
  /** Shares the 4-in-flight gate between sessions of one account (the integration id). */
  gateKey?: string;
  clock?: Clock;
  maxRetries?: number;
};

/**
 * One signed-in Microsoft Graph account for a provider (Outlook mail, Outlook calendar):
 * @microsoft/microsoft-graph-client through our throttle middleware, access tokens refreshed (and
 * rotated refresh tokens handed back to be stored) on demand, failures as the app's provider errors.
 */
export class GraphSession {
  private readonly client: Client;
  private readonly clock: Clock;
  readonly baseUrl: string;
  private credentials: MicrosoftCredentials;
  private refreshing: Promise<void> | null = null;

  constructor(private readonly options: GraphSessionOptions) {
    this.credentials = microsoftCredentialsSchema.parse(options.credentials);
    this.clock = options.clock ?? systemClock;
    this.baseUrl = microsoftEndpoints().graphBaseUrl;
    const gate = sharedPerMailbox(gates, options.gateKey, () => ({ limiter: new ConcurrencyLimiter(GRAPH_MAX_IN_FLIGHT), blockedUntil: 0 }));
    const throttle = new GraphThrottleMiddleware({
      baseUrl: this.baseUrl,
      gate,
      clock: this.clock,
      accessToken: () => this.credentials.access_token,
      maxRetries: options.maxRetries ?? 8,
    });
    throttle.setNext(new HTTPMessageHandler());
    this.client = Client.initWithMiddleware({ baseUrl: this.baseUrl, defaultVersion: "v1.0", middleware: throttle });
  }

  /** GET a Graph path (relative to /v1.0/), with one retry on a fresh token after an auth refusal. */
  async get<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.ensureToken(attempt > 0);
      try {
        return (await this.client.api(path).headers(headers).get()) as T;
      } catch (err) {
        const mapped = this.mapError(err);
        // An access token can be revoked before it expires: refresh once and try again.
        if (mapped instanceof ProviderError && mapped.kind === "auth" && attempt === 0) continue;
        throw mapped;
      }
    }
  }

  /** Turn a nextLink/deltaLink into a path for the client, refusing links to any other host (they would get our token). */
  relative(link: string): string {
    const prefix = `${this.baseUrl}/v1.0/`;
    if (!link.toLowerCase().startsWith(prefix.toLowerCase())) {
      throw new this.options.app.Error("Graph returned a link outside the configured Graph endpoint", "invalid_request");
    }
    return link.slice(prefix.length);
  }

  private async ensureToken(force: boolean): Promise<void> {
    const fresh = this.credentials.access_token && (this.credentials.expires_at ?? 0) - 60_000 > this.clock.now();
    if (fresh && !force) return;
    this.refreshing ??= (async () => {
      try {
        this.credentials = await refreshMicrosoftToken(this.options.app, this.credentials.refresh_token, this.clock.now());
        await Promise.resolve(this.options.onCredentialsUpdate?.(this.credentials)).catch((err: unknown) =>
          logger.error("graph: persisting refreshed credentials failed", {
            app: this.options.app.label,
            error: err instanceof Error ? err.message : String(err),
          }),
        );
      } finally {
        this.refreshing = null;
      }
    })();
    await this.refreshing;
  }

  private mapError(err: unknown): Error {
    const { label, Error: Failure } = this.options.app;
    if (err instanceof ProviderError || err instanceof GraphSyncStateExpiredError) return err;
    if (!(err instanceof GraphError)) return new Failure(`${label} request failed: ${err instanceof Error ? err.message : "unknown error"}`, "unavailable");
    const status = err.statusCode;
    const code = err.code ?? "";
    if (status === 410 || EXPIRED_CODES.has(code)) return new GraphSyncStateExpiredError(code || "410");
    if (status === -1 || status === 0) return new Failure(`${label} could not be reached`, "unavailable");
    if (status === 401 || status === 403) return new Failure(`${label} refused the credentials (${code || status}): reconnect the account`, "auth");
    if (status === 429) return new Failure(`${label} rate limit exceeded`, "rate_limit");
    if (status >= 500) return new Failure(`${label} is unavailable (HTTP ${status})`, "unavailable");
    const rejected = new Failure(`${label} rejected the request (HTTP ${status} ${code})`, "invalid_request");
    rejected.httpStatus = status;
    return rejected;
  }
}
