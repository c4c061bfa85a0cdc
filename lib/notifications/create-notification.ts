import { getDb, type DbOrTx } from "@/lib/db";
import { notifications } from "@/lib/db/schema";

export type NewNotification = { type: string; title: string; body?: string; data?: Record<string, unknown> };

/** Write one notification for a user (the notifications list and its read state are served elsewhere). */
export async function createNotification(userId: string, notification: NewNotification, dbOrTx?: DbOrTx) {
  const db = dbOrTx ?? (await getDb());
  const [row] = await db
    .insert(notifications)
    .values({ user_id: userId, type: notification.type, title: notification.title, body: notification.body ?? "", data: notification.data ?? {} })
    .returning();
  return row!;
}
