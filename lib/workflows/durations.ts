const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * When a `step.sleep` / `step.sleepUntil` discovered at `now` wakes. The SDK names the op with either
 * an ISO date (sleepUntil) or a duration such as "1d2h30m" (sleep; "" for zero).
 */
export function sleepWakeAt(opName: string, now: Date): Date {
  const trimmed = opName.trim();
  if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) {
    const at = new Date(trimmed);
    if (Number.isNaN(at.getTime())) throw new Error(`Invalid sleep date "${opName}"`);
    return at;
  }
  let total = 0;
  let rest = trimmed;
  const part = /^(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/;
  while (rest) {
    const m = part.exec(rest);
    if (!m) throw new Error(`Invalid sleep duration "${opName}"`);
    total += Number(m[1]) * UNIT_MS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return new Date(now.getTime() + total);
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
