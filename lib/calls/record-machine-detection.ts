import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { callAttempts, callLogs } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { getVoiceProvider } from "@/lib/providers/voice/get-voice-provider";
import { answeredByOf } from "./call-state";
import { callUrl } from "./call-urls";

/**
 * The carrier's answering-machine verdict for an attempt (asynchronous AMD: it arrives while the call
 * already speaks). A machine gets the voicemail instead of the menu: the live call is redirected to the
 * voicemail TwiML. The first verdict stands; repeats change nothing.
 */
export async function recordMachineDetection(input: {
  callId: string;
  attempt: number;
  providerCallId: string;
  answeredBy: string;
}): Promise<{ applied: boolean }> {
  const answeredBy = answeredByOf(input.answeredBy);
  if (!answeredBy) return { applied: false };
  const db = await getDb();
  const [attempt] = await db
    .update(callAttempts)
    .set({
      answered_by: answeredBy,
      // Completed before the verdict came: a machine means the call left a voicemail.
      outcome: sql`case when ${callAttempts.status} = 'completed' then (case when ${answeredBy} = 'machine' then 'voicemail' else 'answered' end) else ${callAttempts.outcome} end`,
      updated_at: new Date(),
    })
    .where(
      and(
        eq(callAttempts.call_id, input.callId),
        eq(callAttempts.attempt, input.attempt),
        isNull(callAttempts.answered_by),
        sql`(${callAttempts.provider_call_id} is null or ${callAttempts.provider_call_id} = ${input.providerCallId})`,
      ),
    )
    .returning();
  if (!attempt) return { applied: false };
  await db
    .update(callLogs)
    .set({
      answered_by: answeredBy,
      outcome: sql`case when ${callLogs.outcome} in ('answered', 'voicemail') then ${attempt.outcome} else ${callLogs.outcome} end`,
      updated_at: new Date(),
    })
    .where(and(eq(callLogs.id, input.callId), eq(callLogs.attempts, input.attempt)));
  if (answeredBy === "machine" && !attempt.ended_at) {
    try {
      await getVoiceProvider().redirectCall(input.providerCallId, callUrl(input.callId, "voicemail", { attempt: input.attempt }));
    } catch (error) {
      // The call may have ended meanwhile; the machine then heard the menu, which is all that is lost.
      logger.warn("could not move a call answered by a machine to its voicemail", { call_id: input.callId, error });
    }
  }
  return { applied: true };
}
