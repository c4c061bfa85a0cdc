import { and, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { emailSenders } from "@/lib/db/schema";
import { UnsafeHostError } from "@/lib/net/assert-public-host";
import { postOneClickUnsubscribe } from "@/lib/net/post-one-click-unsubscribe";
import { getSenderOrThrow } from "./get-sender-or-throw";
import { serializeSender } from "./serialize-sender";

type Outcome = { method: "one-click" | "link" | "mailto"; status: "succeeded" | "manual"; url: string | null };

async function record(userId: string, senderId: string, status: "succeeded" | "failed" | "manual") {
  const db = await getDb();
  const [row] = await db
    .update(emailSenders)
    .set({ unsubscribe_status: status, unsubscribed_at: status === "succeeded" ? new Date() : null, updated_at: new Date() })
    .where(and(eq(emailSenders.id, senderId), eq(emailSenders.user_id, userId)))
    .returning();
  return serializeSender(row!);
}

/**
 * Unsubscribe from a sender the way it supports (RFC 2369 / RFC 8058): one-click senders are
 * unsubscribed right here with a POST to their https endpoint; otherwise the link (https, or
 * mailto:) comes back for the user to open. The outcome is recorded on the sender.
 */
export async function unsubscribeSender(userId: string, senderId: string) {
  const sender = await getSenderOrThrow(userId, senderId);
  if (!sender.unsubscribe_http && !sender.unsubscribe_mailto) {
    throw new AppError("CONFLICT", "This sender offers no unsubscribe link (its mail has no List-Unsubscribe header)");
  }
  if (sender.unsubscribe_one_click && sender.unsubscribe_http?.startsWith("https://")) {
    let reason: string;
    try {
      const result = await postOneClickUnsubscribe(sender.unsubscribe_http);
      if (result.ok) {
        const outcome: Outcome = { method: "one-click", status: "succeeded", url: null };
        return { sender: await record(userId, senderId, "succeeded"), unsubscribe: outcome };
      }
      reason = result.reason;
    } catch (error) {
      if (!(error instanceof UnsafeHostError)) throw error;
      reason = `Refused to contact the unsubscribe link: ${error.message}`;
    }
    await record(userId, senderId, "failed");
    throw new AppError("PROVIDER_ERROR", `One-click unsubscribe failed: ${reason}`, { fallback_url: sender.unsubscribe_mailto });
  }
  const url = sender.unsubscribe_http ?? sender.unsubscribe_mailto!;
  const outcome: Outcome = { method: sender.unsubscribe_http ? "link" : "mailto", status: "manual", url };
  return { sender: await record(userId, senderId, "manual"), unsubscribe: outcome };
}
