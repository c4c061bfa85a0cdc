import { and, desc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { emailMessages } from "@/lib/db/schema";
import { getSenderOrThrow } from "./get-sender-or-throw";
import { serializeSender } from "./serialize-sender";
import { visibleMail } from "./sender-privacy";

/**
 * A sender and its most recent messages (subject, date, preview), for the sender's page. Another
 * user's sender is NOT_FOUND. For a dont-tell-anyone sender only dates are returned: its subjects
 * and previews are never shown, whatever an older row may still hold.
 */
export async function getSenderWithMessages(userId: string, senderId: string, limit = 20) {
  const sender = await getSenderOrThrow(userId, senderId);
  const db = await getDb();
  const rows = await db
    .select({
      id: emailMessages.id,
      subject: emailMessages.subject,
      preview: emailMessages.preview,
      received_at: emailMessages.received_at,
      is_urgent: emailMessages.is_urgent,
    })
    .from(emailMessages)
    .where(and(eq(emailMessages.user_id, userId), eq(emailMessages.sender_id, sender.id)))
    .orderBy(desc(emailMessages.received_at))
    .limit(limit);
  return {
    sender: serializeSender(sender),
    messages: rows.map((m) => visibleMail(sender.category, { ...m, received_at: m.received_at.toISOString() })),
  };
}
