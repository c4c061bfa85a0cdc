const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

/**
 * Milliseconds in an Inngest time string such as "1d2h30m" or "500ms" ("" is zero), or null if
 * `value` is not one.
 */
export function parseDurationMs(value: string): number | null {
  let total = 0;
  let rest = value.trim();
  const part = /^(\d+(?:\.\d+)?)(ms|us|µs|ns|w|d|h|m|s)/;
  while (rest) {
    const m = part.exec(rest);
    if (!m) return null;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

/**
 * When a `step.sleep` / `step.sleepUntil` / `step.waitForEvent` timeout discovered at `now` falls due.
 * The SDK names the time with either an ISO date (sleepUntil) or a duration such as "1d2h30m".
 */
export function sleepWakeAt(opName: string, now: Date): Date {
  const trimmed = opName.trim();
  if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) {
    const at = new Date(trimmed);
    if (Number.isNaN(at.getTime())) throw new Error(`Invalid sleep date "${opName}"`);
    return at;
  }
  const ms = parseDurationMs(trimmed);
  if (ms === null) throw new Error(`Invalid sleep duration "${opName}"`);
  return new Date(now.getTime() + ms);
}

/**
 * When a RetryAfterError asked to be retried: the SDK gives whole seconds ("30") or an ISO date.
 * Returns null for anything else, so the normal backoff applies.
 */
export function retryAfterAt(value: string, now: Date): Date | null {
  if (/^\d+$/.test(value)) return new Date(now.getTime() + Number(value) * 1000);
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * Delay before retry number `attempt + 1` of a failed step: exponential from 2 s, capped at 10 min,
 * with ±20% jitter so runs that failed together do not retry in lockstep.
 */
export function defaultBackoff(attempt: number): number {
  const base = Math.min(2000 * 2 ** attempt, 600_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
