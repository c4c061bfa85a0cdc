import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { callAttempts, callLogs } from "@/lib/db/schema";
import type { CallOutcome } from "@/lib/schemas/enums";
import { getVoiceProvider } from "@/lib/providers/voice/get-voice-provider";
import { isRetryableOutcome } from "./call-state";
import { failCall } from "./fail-call";
import { recordCarrierStatus } from "./record-carrier-status";

export type SettleResult =
  { state: "final"; outcome: CallOutcome | null } | { state: "retry"; retry_at: string; outcome: CallOutcome | null } | { state: "live" };

const WHY: Partial<Record<CallOutcome, string>> = {
  "no-answer": "nobody answered",
  busy: "the line was busy",
  failed: "the carrier could not connect the call",
};

/**
 * After an attempt ended (or its wait ran out): what the database says — not the event, which may have
 * been sent before the wait began — and, when no ending was recorded, what the carrier says now.
 * Answered or voicemail: done. Nobody took it: another attempt after `retryDelayMs`, up to
 * `maxAttempts`; then the call fails saying why.
 */
export async function settleCallAttempt(
  callId: string,
  attempt: number,
  options: { maxAttempts: number; retryDelayMs: number; now?: Date },
): Promise<SettleResult> {
  const db = await getDb();
  let [row] = await db
    .select()
    .from(callAttempts)
    .where(and(eq(callAttempts.call_id, callId), eq(callAttempts.attempt, attempt)))
    .limit(1);
  if (!row) return { state: "final", outcome: null };
  if (!row.ended_at && row.provider_call_id) {
    // The status callback never came (or is late): ask the carrier.
    const seen = await getVoiceProvider().fetchCall(row.provider_call_id);
    if (seen) {
      await recordCarrierStatus({
        callId,
        attempt,
        providerCallId: row.provider_call_id,
        status: seen.status,
        answeredBy: seen.answeredBy,
        durationSeconds: seen.durationSeconds,
      });
      [row] = await db
        .select()
        .from(callAttempts)
        .where(and(eq(callAttempts.call_id, callId), eq(callAttempts.attempt, attempt)))
        .limit(1);
    }
  }
  if (!row) return { state: "final", outcome: null };
  if (!row.ended_at) return { state: "live" };
  const outcome = row.outcome;
  const [call] = await db.select({ status: callLogs.status }).from(callLogs).where(eq(callLogs.id, callId)).limit(1);
  if (!call || call.status === "completed" || call.status === "failed") return { state: "final", outcome };
  if (!isRetryableOutcome(outcome)) return { state: "final", outcome };
  const now = options.now ?? new Date();
  if (attempt < options.maxAttempts) {
    const retryAt = new Date(now.getTime() + options.retryDelayMs);
    await db.update(callLogs).set({ status: "scheduled", next_attempt_at: retryAt, updated_at: now }).where(eq(callLogs.id, callId));
    return { state: "retry", retry_at: retryAt.toISOString(), outcome };
  }
  const why = (outcome && WHY[outcome]) ?? "the call did not go through";
  const detail = row.error ? ` (${row.error})` : "";
  await failCall(callId, `Not reached after ${attempt} attempt${attempt === 1 ? "" : "s"}: ${why}${detail}.`, { outcome: outcome ?? "failed", now });
  return { state: "final", outcome };
}
