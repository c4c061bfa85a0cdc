import { and, eq, isNull } from "drizzle-orm";
import { notFound } from "@/lib/errors";
import { revokeAllSessions } from "./manage-sessions";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { sendEvent } from "@/lib/events/send-event";

/** Days between the soft delete and the purge of every row (GDPR erasure with an undo window). */
export function purgeGraceDays(): number {
  const days = Number(env().ACCOUNT_PURGE_GRACE_DAYS ?? 30);
  return Number.isFinite(days) && days >= 0 ? days : 30;
}

/**
 * Soft-delete the account now: sign-in is refused at once and every session is revoked. The
 * account-purge workflow removes every row of the user once `purge_after` has passed.
 */
export async function deleteAccount(userId: string) {
  const db = await getDb();
  const now = new Date();
  const purgeAfter = new Date(now.getTime() + purgeGraceDays() * 86_400_000);
  const [user] = await db
    .update(users)
    .set({ deleted_at: now, purge_after: purgeAfter, updated_at: now })
    .where(and(eq(users.id, userId), isNull(users.deleted_at)))
    .returning({ id: users.id });
  if (!user) throw notFound("User");
  await revokeAllSessions(userId);
  await sendEvent({ name: "account/deleted", data: { user_id: userId } });
  return { deleted_at: now.toISOString(), purge_after: purgeAfter.toISOString() };
}
