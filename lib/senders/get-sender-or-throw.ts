import { and, eq } from "drizzle-orm";
import { notFound } from "@/lib/errors";
import { getDb, type DbOrTx } from "@/lib/db";
import { emailSenders } from "@/lib/db/schema";
import { uuidSchema } from "@/lib/schemas/common";

/** The user's sender; another user's sender, or a malformed id, is NOT_FOUND (no existence leak). */
export async function getSenderOrThrow(userId: string, senderId: string, dbOrTx?: DbOrTx) {
  if (!uuidSchema.safeParse(senderId).success) throw notFound("Sender");
  const db = dbOrTx ?? (await getDb());
  const [sender] = await db
    .select()
    .from(emailSenders)
    .where(and(eq(emailSenders.id, senderId), eq(emailSenders.user_id, userId)))
    .limit(1);
  if (!sender) throw notFound("Sender");
  return sender;
}
