import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import type { Clock } from "../shared/clock";
import type { ConcurrencyLimiter } from "../shared/concurrency-limiter";
import { backoffMs, parseRetryAfter } from "../shared/retry-after";

export type GraphMailboxGate = {
  limiter: ConcurrencyLimiter;
  /** Nobody sends to this mailbox before this time (after a 429/503 with Retry-After). */
  blockedUntil: number;
};

/**
 * Graph middleware in place of the SDK's default chain: attaches the bearer token (only for our
 * configured Graph base URL), keeps at most `limiter.limit` requests in flight per mailbox, and on
 * 429/503/504 waits for Retry-After (on the injectable clock) before trying again, holding every
 * other request to the mailbox back meanwhile.
 */
export class GraphThrottleMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly options: {
      baseUrl: string;
      gate: GraphMailboxGate;
      clock: Clock;
      accessToken: () => string | undefined;
      maxRetries: number;
    },
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const { gate, clock } = this.options;
    const url = typeof context.request === "string" ? context.request : context.request.url;
    const raw = (context.options ??= {}).headers;
    const merged: Record<string, string> =
      raw instanceof Headers ? Object.fromEntries(raw.entries()) : { ...((raw as Record<string, string> | undefined) ?? {}) };
    delete merged.Authorization;
    delete merged.authorization;
    const own = url.toLowerCase().startsWith(`${this.options.baseUrl.toLowerCase()}/`);
    const token = this.options.accessToken();
    if (own && token) merged.Authorization = `Bearer ${token}`;
    context.options.headers = merged;

    for (let attempt = 0; ; attempt++) {
      await gate.limiter.run(async () => {
        while (clock.now() < gate.blockedUntil) await clock.sleep(gate.blockedUntil - clock.now());
        await this.next!.execute(context);
      });
      const status = context.response?.status ?? 0;
      if (!(status === 429 || status === 503 || status === 504) || attempt >= this.options.maxRetries) return;
      const wait = parseRetryAfter(context.response!.headers.get("retry-after"), clock.now()) ?? backoffMs(attempt);
      // Drain the refused body so the connection can be reused.
      await context.response!.arrayBuffer().catch(() => undefined);
      gate.blockedUntil = Math.max(gate.blockedUntil, clock.now() + wait);
    }
  }
}
