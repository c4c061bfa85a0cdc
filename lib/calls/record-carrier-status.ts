import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { callAttempts, callLogs } from "@/lib/db/schema";
import type { CallOutcome } from "@/lib/schemas/enums";
import { sendEvent } from "@/lib/events/send-event";
import { answeredByOf, isStatusAdvance, isTerminalProviderStatus, outcomeOf, parseProviderStatus } from "./call-state";

export type CarrierStatusUpdate = {
  callId: string;
  attempt: number;
  providerCallId: string;
  status: string;
  answeredBy?: string | null;
  durationSeconds?: number | null;
  error?: string | null;
  at?: Date;
};

export type CarrierStatusResult = { applied: boolean; ended: boolean; outcome: CallOutcome | null };

const IGNORED: CarrierStatusResult = { applied: false, ended: false, outcome: null };

/**
 * A carrier's status callback (or a status fetched from the carrier) applied to one attempt of a call.
 * Safe to repeat and to receive out of order: a status only moves forward and an ending never moves, so
 * a duplicate or a late `ringing` after `completed` changes nothing. An unknown call or attempt is
 * ignored. The call's summary follows its current attempt; when the attempt ends, the call workflow
 * hears of it (once: the event id is the attempt's).
 */
export async function recordCarrierStatus(update: CarrierStatusUpdate): Promise<CarrierStatusResult> {
  const status = parseProviderStatus(update.status);
  if (!status) return IGNORED;
  const now = update.at ?? new Date();
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const [attempt] = await tx
      .select()
      .from(callAttempts)
      .where(and(eq(callAttempts.call_id, update.callId), eq(callAttempts.attempt, update.attempt)))
      .for("update")
      .limit(1);
    if (!attempt) return null;
    // The carrier may call back before our dial step stored its id: the signed URL names the attempt.
    if (attempt.provider_call_id && attempt.provider_call_id !== update.providerCallId) return null;
    if (!isStatusAdvance(attempt.status, status)) return { attempt, applied: false, ended: false, outcome: attempt.outcome };
    const ended = isTerminalProviderStatus(status);
    const answeredBy = attempt.answered_by ?? (update.answeredBy ? answeredByOf(update.answeredBy) : null);
    const outcome = ended ? outcomeOf(status, answeredBy) : null;
    await tx
      .update(callAttempts)
      .set({
        provider_call_id: update.providerCallId,
        status,
        answered_by: answeredBy,
        ...(status === "in-progress" ? { answered_at: now } : {}),
        ...(ended
          ? { ended_at: now, outcome, duration_seconds: update.durationSeconds ?? attempt.duration_seconds, error: update.error ?? attempt.error }
          : {}),
        updated_at: now,
      })
      .where(eq(callAttempts.id, attempt.id));
    // The call's summary follows its current attempt, and never a call that has already ended.
    const answered = outcome === "answered" || outcome === "voicemail";
    await tx
      .update(callLogs)
      .set({
        provider_status: status,
        provider_call_id: update.providerCallId,
        ...(answeredBy ? { answered_by: answeredBy } : {}),
        ...(status === "in-progress" ? { started_at: sql`coalesce(${callLogs.started_at}, ${now.toISOString()}::timestamptz)` } : {}),
        ...(ended ? { outcome, duration_seconds: update.durationSeconds ?? null } : {}),
        ...(answered ? { status: "completed" as const, success: true, completed_at: now, next_attempt_at: null } : { status: "in-progress" as const }),
        updated_at: now,
      })
      .where(and(eq(callLogs.id, update.callId), eq(callLogs.attempts, update.attempt), sql`${callLogs.status} in ('scheduled', 'in-progress')`));
    return { attempt, applied: true, ended, outcome };
  });
  if (!result) return IGNORED;
  if (result.applied && result.ended) {
    await sendEvent({
      name: "call/attempt.ended",
      data: { user_id: result.attempt.user_id, call_id: update.callId, attempt: update.attempt, outcome: result.outcome ?? "failed" },
      id: `call-attempt-ended-${update.callId}-${update.attempt}`,
    });
  }
  return { applied: result.applied, ended: result.ended, outcome: result.outcome };
}
