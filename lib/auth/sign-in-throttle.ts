import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { accountKey } from "@/lib/rate-limit/account-key";
import { signInThrottles } from "@/lib/db/schema";

/** Failed sign-ins an account (or a known device) may have before each attempt waits. */
export const SIGN_IN_FAILURE_LIMIT = 10;
/** Failures are forgotten after this long with no failure and no delay running. */
export const SIGN_IN_FAILURE_WINDOW_SECONDS = 15 * 60;
const FIRST_DELAY_SECONDS = 60;
const MAX_DELAY_SECONDS = 3600;

export const accountSubject = (email: string) => `account:${accountKey(email)}`;
export const deviceSubject = (deviceId: string) => `device:${deviceId}`;

/** The delay the n-th failure in a row earns: none below the limit, then 1, 2, 4 … minutes, at most an hour. */
export function signInDelaySeconds(failures: number): number {
  if (failures < SIGN_IN_FAILURE_LIMIT) return 0;
  return Math.min(FIRST_DELAY_SECONDS * 2 ** Math.min(failures - SIGN_IN_FAILURE_LIMIT, 20), MAX_DELAY_SECONDS);
}

/**
 * Refuse the attempt before the password is even checked while the subject's delay runs. The
 * answer is the same for an account that does not exist (its email is throttled all the same).
 */
export async function assertSignInNotThrottled(subject: string, now = new Date()): Promise<void> {
  const db = await getDb();
  const [row] = await db
    .select({ locked_until: signInThrottles.locked_until })
    .from(signInThrottles)
    .where(and(eq(signInThrottles.subject, subject), gt(signInThrottles.locked_until, now)));
  if (row?.locked_until) {
    const retryAfter = Math.max(1, Math.ceil((row.locked_until.getTime() - now.getTime()) / 1000));
    throw new AppError("RATE_LIMIT_EXCEEDED", `Too many failed sign-ins. Try again in ${retryAfter} seconds.`, undefined, retryAfter);
  }
}

/**
 * Count one failed sign-in for the subject (shared by every instance: one upsert, serialised by the
 * row lock). Returns the failures in a row and, from the limit on, when the next attempt may run.
 */
let failuresSinceSweep = 0;

export async function recordSignInFailure(subject: string, now = new Date()): Promise<{ failures: number; lockedUntil: Date | null }> {
  const db = await getDb();
  if (++failuresSinceSweep >= 200) {
    failuresSinceSweep = 0;
    await db.delete(signInThrottles).where(sql`${signInThrottles.expires_at} < ${now.toISOString()}`);
  }
  const forgetAt = new Date(now.getTime() + SIGN_IN_FAILURE_WINDOW_SECONDS * 1000);
  const stale = sql`${signInThrottles.expires_at} <= ${now.toISOString()}`;
  const [row] = await db
    .insert(signInThrottles)
    .values({ subject, failures: 1, last_failure_at: now, expires_at: forgetAt })
    .onConflictDoUpdate({
      target: signInThrottles.subject,
      set: {
        failures: sql`case when ${stale} then 1 else ${signInThrottles.failures} + 1 end`,
        locked_until: sql`case when ${stale} then null else ${signInThrottles.locked_until} end`,
        last_failure_at: now,
      },
    })
    .returning({ failures: signInThrottles.failures });
  const failures = row!.failures;
  const delay = signInDelaySeconds(failures);
  const lockedUntil = delay ? new Date(now.getTime() + delay * 1000) : null;
  await db
    .update(signInThrottles)
    .set({
      locked_until: lockedUntil ? sql`greatest(${signInThrottles.locked_until}, ${lockedUntil.toISOString()}::timestamptz)` : undefined,
      expires_at: sql`greatest(${signInThrottles.expires_at}, ${new Date((lockedUntil ?? now).getTime() + SIGN_IN_FAILURE_WINDOW_SECONDS * 1000).toISOString()}::timestamptz)`,
    })
    .where(eq(signInThrottles.subject, subject));
  return { failures, lockedUntil };
}

/** A successful sign-in: the account's (and the device's) failures are forgotten. */
export async function clearSignInFailures(subjects: string[]): Promise<void> {
  if (!subjects.length) return;
  const db = await getDb();
  await db.delete(signInThrottles).where(inArray(signInThrottles.subject, subjects));
}
