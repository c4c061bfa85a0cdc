import { and, asc, eq, inArray, isNotNull, lte } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";

/**
 * Erase soft-deleted users whose grace period is over, at most `limit` per call: deleting the users
 * row removes every row they own (every user-owned table references users ON DELETE CASCADE). A user
 * restored in the meantime (deleted_at cleared) or still in grace is never touched.
 */
export async function purgeDeletedUsers({ now = new Date(), limit = 100 }: { now?: Date; limit?: number } = {}) {
  const db = await getDb();
  const due = db
    .select({ id: users.id })
    .from(users)
    .where(and(isNotNull(users.deleted_at), lte(users.purge_after, now)))
    .orderBy(asc(users.purge_after))
    .limit(limit);
  const purged = await db
    .delete(users)
    .where(and(inArray(users.id, due), isNotNull(users.deleted_at), lte(users.purge_after, now)))
    .returning({ id: users.id });
  return { purged_user_ids: purged.map((u) => u.id) };
}

/** When a soft-deleted user is due for purging; null if the user is gone or no longer deleted. */
export async function getUserPurgeAfter(userId: string): Promise<Date | null> {
  const db = await getDb();
  const [user] = await db
    .select({ purge_after: users.purge_after })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.deleted_at)));
  return user?.purge_after ?? null;
}
