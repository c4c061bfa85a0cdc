import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { env } from "@/lib/env";
import { addressRateLimitKey } from "@/lib/request/client-address";
import { AppError } from "@/lib/errors";
import { accountKey } from "./account-key";

/** One fixed-window budget: `limit` hits per `windowSeconds`, per key. */
export type LimitRule = { name: string; limit: number; windowSeconds: number };

export type RateLimitBucket = "auth" | "api";

function configured(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Requests per minute: auth 5 per address + account, api 100 per user (per address when anonymous). */
export function rateLimitFor(bucket: RateLimitBucket): { limit: number; windowSeconds: number } {
  const e = env();
  return bucket === "auth"
    ? { limit: configured(e.RATE_LIMIT_AUTH_PER_MINUTE, 5), windowSeconds: 60 }
    : { limit: configured(e.RATE_LIMIT_API_PER_MINUTE, 100), windowSeconds: 60 };
}

/** The doors that authenticate or create an account: each has its own budgets, all share one per address. */
export type AuthDoor = "sign-in" | "register" | "refresh" | "verify-email";

type DoorRule = LimitRule & { by: "address" | "address+account" };

/**
 * The auth doors' budgets (README, "Security"). Every door also counts against `auth-address`, so
 * one address cannot spread a flood over several doors. The per-account budget for failed sign-ins
 * (with its growing delay and the owner's device exemption) lives in lib/auth/sign-in-throttle.ts.
 */
export function authDoorRules(door: AuthDoor): DoorRule[] {
  const shared: DoorRule = { name: "auth-address", limit: 30, windowSeconds: 60, by: "address" };
  switch (door) {
    case "sign-in":
      return [
        shared,
        // Credential stuffing: one address trying many accounts.
        { name: "sign-in-address", limit: 10, windowSeconds: 60, by: "address" },
        { name: "sign-in", limit: rateLimitFor("auth").limit, windowSeconds: 60, by: "address+account" },
      ];
    case "register":
      return [shared, { name: "register-address", limit: 5, windowSeconds: 3600, by: "address" }];
    case "refresh":
      return [shared, { name: "refresh-address", limit: 20, windowSeconds: 60, by: "address" }];
    case "verify-email":
      return [shared, { name: "verify-email-address", limit: 10, windowSeconds: 60, by: "address" }];
  }
}

let hitsSinceSweep = 0;

/**
 * Count one hit against each (rule, key) in fixed windows stored in the database (one statement),
 * so that every app instance shares the counters. Returns, per hit, the count in its window and
 * the seconds until that window ends.
 */
export async function countHits(hits: { rule: LimitRule; key: string }[], now = new Date()): Promise<{ rule: LimitRule; count: number; retryAfter: number }[]> {
  if (!hits.length) return [];
  const windows = hits.map(({ rule, key }) => {
    const windowMs = rule.windowSeconds * 1000;
    const start = Math.floor(now.getTime() / windowMs) * windowMs;
    return {
      rule,
      key: `${rule.name}:${key}`,
      start: new Date(start).toISOString(),
      expires: new Date(start + 2 * windowMs).toISOString(),
      retryAfter: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)),
    };
  });
  const db = await getDb();
  const rows = await queryRows<{ key: string; window_start: string | Date; count: number }>(
    db,
    sql`insert into rate_limit_counters (key, window_start, count, expires_at)
        values ${sql.join(
          windows.map((w) => sql`(${w.key}, ${w.start}, 1, ${w.expires})`),
          sql`, `,
        )}
        on conflict (key, window_start) do update set count = rate_limit_counters.count + 1
        returning key, count`,
  );
  if (++hitsSinceSweep >= 1000) {
    hitsSinceSweep = 0;
    await db.execute(sql`delete from rate_limit_counters where expires_at < now()`);
  }
  const counts = new Map(rows.map((r) => [r.key, Number(r.count)]));
  return windows.map((w) => ({ rule: w.rule, count: counts.get(w.key) ?? 1, retryAfter: w.retryAfter }));
}

function tooMany(message: string, retryAfter: number): AppError {
  return new AppError("RATE_LIMIT_EXCEEDED", message, undefined, retryAfter);
}

/**
 * Count one hit against `key` in a bucket's window. Throws RATE_LIMIT_EXCEEDED with `retry_after`
 * seconds once over the limit.
 */
export async function enforceRateLimit(bucket: RateLimitBucket, key: string, now = new Date()): Promise<void> {
  const rule = { name: bucket, ...rateLimitFor(bucket) };
  const [hit] = await countHits([{ rule, key }], now);
  if (hit && hit.count > rule.limit) throw tooMany("Too many requests, slow down", hit.retryAfter);
}

/**
 * The budgets of an auth door for one client address (and the account it names, when it names
 * one): every budget is counted, and the call throws RATE_LIMIT_EXCEEDED (with the longest
 * retry_after) when any is spent. The same answer whether or not the account exists.
 */
export async function enforceAuthLimits(door: AuthDoor, client: { address: string; account?: string | null }, now = new Date()): Promise<void> {
  const address = addressRateLimitKey(client.address);
  const account = client.account ? accountKey(client.account) : "";
  const hits = authDoorRules(door).map((rule) => ({ rule, key: rule.by === "address" ? address : `${address}:${account}` }));
  const over = (await countHits(hits, now)).filter((h) => h.count > h.rule.limit);
  if (over.length) {
    const retryAfter = Math.max(...over.map((h) => h.retryAfter));
    throw tooMany(`Too many attempts. Try again in ${retryAfter} seconds.`, retryAfter);
  }
}
