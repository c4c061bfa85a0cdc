import { and, eq, ne, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { emailMessages, emailSenders, type SenderCategory } from "@/lib/db/schema";
import { getSenderOrThrow } from "./get-sender-or-throw";
import { suggestCategories } from "./suggest-categories";
import { serializeSender } from "./serialize-sender";

/**
 * The user's explicit choice for one sender. It beats any domain rule from now on; choosing
 * "unassigned" hands the sender back to rules and suggestions. Making a sender private wipes the
 * previews already stored for it.
 */
export async function setSenderCategory(userId: string, senderId: string, category: SenderCategory) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await getSenderOrThrow(userId, senderId, tx);
    const isPrivate = category === "dont-tell-anyone";
    const [sender] = await tx
      .update(emailSenders)
      .set({
        category,
        category_source: category === "unassigned" ? "default" : "user",
        updated_at: new Date(),
        ...(isPrivate ? { latest_preview: "" } : {}),
      })
      .where(and(eq(emailSenders.id, senderId), eq(emailSenders.user_id, userId)))
      .returning();
    if (isPrivate) {
      await tx
        .update(emailMessages)
        .set({ preview: "" })
        .where(and(eq(emailMessages.user_id, userId), eq(emailMessages.sender_id, senderId), ne(emailMessages.preview, sql`''`)));
    }
    // The user's choice is the best hint for other unassigned senders of the same domain.
    await suggestCategories(userId, { domains: [sender.domain] }, tx);
    return serializeSender(sender);
  });
}
