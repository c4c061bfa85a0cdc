import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";
import { getPreferencesRow } from "@/lib/preferences/get-preferences";
import { getVoiceProvider } from "@/lib/providers/voice/get-voice-provider";
import { callRefusal, loadCallableUser } from "./assert-can-call";
import { failCall } from "./fail-call";
import { quietHoursEndAt } from "./quiet-hours";

export type CallPlan = { action: "dial" } | { action: "wait"; until: string; reason: "quiet-hours" } | { action: "done"; reason: string };

/**
 * The call workflow's first look at a call: gone or ended → nothing to do; a phone line that may not
 * ring this user (no number, or not confirmed) → the call fails saying what to do; an urgent call from
 * mail inside the user's quiet hours → wait until they end (unless the user allows urgent calls then).
 * A call the user asked for themselves (a test call, a confirmation call) rings at once.
 */
export async function prepareCall(callId: string, now = new Date()): Promise<CallPlan> {
  const db = await getDb();
  const [call] = await db.select().from(callLogs).where(eq(callLogs.id, callId)).limit(1);
  if (!call) return { action: "done", reason: "gone" };
  if (call.status === "completed" || call.status === "failed") return { action: "done", reason: call.status };
  const user = await loadCallableUser(call.user_id);
  const dials = getVoiceProvider().dials;
  const refusal =
    call.call_type === "phone-confirmation" ? (dials && !user.phone_number ? "There is no phone number to confirm." : null) : callRefusal(user, dials);
  if (refusal) {
    await failCall(callId, refusal, { outcome: "not-dialled", now });
    return { action: "done", reason: "refused" };
  }
  if (call.call_type === "urgent" && !call.is_test) {
    const prefs = await getPreferencesRow(call.user_id);
    const end = prefs.urgent_calls_in_quiet_hours ? null : quietHoursEndAt(prefs, user.timezone, now);
    if (end) {
      await db.update(callLogs).set({ next_attempt_at: end, updated_at: now }).where(eq(callLogs.id, callId));
      return { action: "wait", until: end.toISOString(), reason: "quiet-hours" };
    }
  }
  return { action: "dial" };
}
