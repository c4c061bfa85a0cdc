import { and, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";
import { assertCanCall } from "./assert-can-call";
import { getCallOrThrow } from "./get-call-or-throw";
import { requestCall } from "./request-call";
import { serializeCall } from "./serialize-call";

/**
 * Try a failed call again: a new call with the same content (the failed one stays in the history as it
 * ended). Asking twice for the same failed call gives the same new call, never two.
 */
export async function retryCall(userId: string, callId: string) {
  const failed = await getCallOrThrow(userId, callId);
  if (failed.status !== "failed") throw new AppError("CONFLICT", "Only a failed call can be tried again.");
  if (failed.call_type === "phone-confirmation") throw new AppError("CONFLICT", "Ask for a new confirmation call in Settings instead.");
  await assertCanCall(userId);
  const db = await getDb();
  const key = `retry-of:${callId}`;
  const [created] = await db
    .insert(callLogs)
    .values({
      user_id: userId,
      call_type: failed.call_type,
      status: "scheduled",
      priority: failed.priority,
      scheduled_at: new Date(),
      content_summary: failed.content_summary,
      items: failed.items,
      script: failed.script,
      message_ids: failed.message_ids,
      is_test: failed.is_test,
      idempotency_key: key,
    })
    .onConflictDoNothing()
    .returning();
  const call =
    created ??
    (
      await db
        .select()
        .from(callLogs)
        .where(and(eq(callLogs.user_id, userId), eq(callLogs.idempotency_key, key)))
    )[0];
  if (!call) throw new Error("The retry call was neither created nor found");
  if (call.status === "scheduled") await requestCall(call);
  return { call: serializeCall(call), created: Boolean(created) };
}
