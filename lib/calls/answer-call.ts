import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";
import { isCallOver, loadLiveCall, openingSteps, recordTurn } from "./call-flow";
import { renderTwiml, type TwimlStep } from "./call-twiml";
import { confirmationOpening } from "./phone-confirmation";

const HANG_UP: TwimlStep[] = [{ kind: "hangup" }];

/**
 * The TwiML of an answered call: its opening and first item. From this moment the call is speaking:
 * urgent mail that arrives now waits for a follow-up call instead of joining this one.
 */
export async function answerCall(callId: string, attempt: number): Promise<string> {
  // Mark first, read after: mail that joins the call commits either before this (and is read) or
  // sees the call speaking (and waits for a follow-up). Never neither.
  const db = await getDb();
  const now = new Date();
  await db
    .update(callLogs)
    .set({ speaking_started_at: now, updated_at: now })
    .where(and(eq(callLogs.id, callId), isNull(callLogs.speaking_started_at)));
  const live = await loadLiveCall(callId);
  if (!live || isCallOver(live.call)) return renderTwiml({ id: callId, user_id: "", voice: null, speech_engine: null }, HANG_UP);
  const steps = live.call.call_type === "phone-confirmation" ? await confirmationOpening(live, attempt) : openingSteps(live, attempt);
  await recordTurn(callId, steps);
  return renderTwiml(live.call, steps);
}
