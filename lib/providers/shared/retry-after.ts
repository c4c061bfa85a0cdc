/**
 * Milliseconds to wait from a Retry-After header (delta-seconds or an HTTP-date), or null when
 * absent or unreadable. Capped so a hostile or broken server cannot park a sync for hours.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number, capMs = 10 * 60_000): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(capMs, Math.round(Number(trimmed) * 1000));
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(capMs, Math.max(0, at - nowMs));
}

/** Exponential backoff with a deterministic jitter-free schedule: 1s, 2s, 4s ... capped at 32s. */
export function backoffMs(attempt: number): number {
  return Math.min(32_000, 1000 * 2 ** Math.max(0, attempt));
}
