import { and, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";
import { sendEvent } from "@/lib/events/send-event";
import { getCallOrThrow } from "./get-call-or-throw";
import { serializeCall } from "./serialize-call";

/**
 * Cancel a call that has not started ringing: it ends failed, not dialled, "cancelled by you", and its
 * workflow run is cancelled (waiting out quiet hours or a retry). A call already dialling or ringing is
 * not cancelled here: the phone is already in the carrier's hands.
 */
export async function cancelCall(userId: string, callId: string) {
  const call = await getCallOrThrow(userId, callId);
  if (call.status !== "scheduled")
    throw new AppError("CONFLICT", `This call is ${call.status === "in-progress" ? "already ringing or under way" : "already over"} and cannot be cancelled.`);
  const db = await getDb();
  const now = new Date();
  const [cancelled] = await db
    .update(callLogs)
    .set({ status: "failed", outcome: "not-dialled", success: false, error: "Cancelled by you.", next_attempt_at: null, completed_at: now, updated_at: now })
    .where(and(eq(callLogs.id, callId), eq(callLogs.user_id, userId), eq(callLogs.status, "scheduled")))
    .returning();
  if (!cancelled) throw new AppError("CONFLICT", "This call started meanwhile and cannot be cancelled.");
  await sendEvent({ name: "call/cancelled", data: { user_id: userId, call_id: callId }, id: `call-cancelled-${callId}` });
  return serializeCall(cancelled);
}
