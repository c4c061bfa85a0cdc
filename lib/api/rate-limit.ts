import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { AppError } from "./errors";

export type RateLimitBucket = "auth" | "api";

/** Requests per minute: auth 5 per IP + email, api 100 per user (per IP when anonymous). */
export function rateLimitFor(bucket: RateLimitBucket): { limit: number; windowSeconds: number } {
  const configured = Number(bucket === "auth" ? process.env.RATE_LIMIT_AUTH_PER_MINUTE : process.env.RATE_LIMIT_API_PER_MINUTE);
  const fallback = bucket === "auth" ? 5 : 100;
  return { limit: Number.isInteger(configured) && configured > 0 ? configured : fallback, windowSeconds: 60 };
}

let hitsSinceSweep = 0;

/**
 * Count one hit against `key` in a fixed window stored in the database, so every app instance
 * shares the counter. Throws RATE_LIMIT_EXCEEDED with `retry_after` seconds once over the limit.
 */
export async function enforceRateLimit(bucket: RateLimitBucket, key: string, now = new Date()): Promise<void> {
  const { limit, windowSeconds } = rateLimitFor(bucket);
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const expiresAt = new Date(windowStart.getTime() + 2 * windowMs);
  const db = await getDb();
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`insert into rate_limit_counters (key, window_start, count, expires_at)
        values (${`${bucket}:${key}`}, ${windowStart.toISOString()}, 1, ${expiresAt.toISOString()})
        on conflict (key, window_start) do update set count = rate_limit_counters.count + 1
        returning count`,
  );
  if (++hitsSinceSweep >= 1000) {
    hitsSinceSweep = 0;
    await db.execute(sql`delete from rate_limit_counters where expires_at < now()`);
  }
  if (Number(row.count) > limit) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
    throw new AppError("RATE_LIMIT_EXCEEDED", "Too many requests, slow down", undefined, retryAfter);
  }
}
