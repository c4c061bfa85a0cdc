import { getDb } from "@/lib/db";
import type { SenderCategory } from "@/lib/schemas/enums";
import { assignSenderCategories } from "./assign-sender-categories";
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
    await assignSenderCategories(tx, userId, { by: "user", choices: [{ sender_id: senderId, category }] });
    const sender = await getSenderOrThrow(userId, senderId, tx);
    // The user's choice is the best hint for other unassigned senders of the same domain.
    await suggestCategories(userId, { domains: [sender.domain] }, tx);
    return serializeSender(sender);
  });
}
