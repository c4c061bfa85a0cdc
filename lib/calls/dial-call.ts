import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { callAttempts, callLogs } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { getVoiceProvider } from "@/lib/providers/voice/get-voice-provider";
import { VoiceProviderError, type CarrierCall, type VoiceProvider } from "@/lib/providers/voice/types";
import { loadCallableUser } from "./assert-can-call";
import { isCallOver, loadLiveCall, openingSteps } from "./call-flow";
import { transcriptTexts } from "./call-twiml";
import { callUrl } from "./call-urls";
import { failCall } from "./fail-call";
import { recordCarrierStatus } from "./record-carrier-status";

export type DialResult =
  | { state: "dialled"; provider_call_id: string; recovered: boolean }
  | { state: "not-dialled" }
  | { state: "line-busy"; blocked_by: string }
  | { state: "done"; reason: string };

const RING_TIMEOUT_S = 20;
// An attempt whose line has been open this long is not holding the user's line any more.
const LINE_HOLD_MS = 2 * 3600_000;
// How far before the recorded dial time a carrier's own start time may lie (clocks differ).
const LOOKUP_SLACK_MS = 5 * 60_000;

/**
 * Dial attempt `attempt` of a call — irreversibly, so: the attempt is recorded before the carrier is
 * asked to dial. A run resumed after its process died between that record and storing the carrier's
 * call id first looks the call up at the carrier (by number and start time) and adopts what it finds;
 * only when the carrier has no such call is it dialled. Never two calls ringing for one user: while
 * another of the user's calls holds the line, this one waits (`line-busy`).
 */
export async function dialCall(callId: string, attempt: number, now = new Date()): Promise<DialResult> {
  const provider = getVoiceProvider();
  const db = await getDb();
  const prepared = await db.transaction(async (tx) => {
    const [call] = await tx.select().from(callLogs).where(eq(callLogs.id, callId)).for("update");
    if (!call) return { kind: "done" as const, reason: "gone" };
    if (call.status === "completed" || call.status === "failed") return { kind: "done" as const, reason: call.status };
    // One user, one line: dial steps of the user's calls take turns here.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`pookai-call-line:${call.user_id}`}))`);
    const [existing] = await tx
      .select()
      .from(callAttempts)
      .where(and(eq(callAttempts.call_id, callId), eq(callAttempts.attempt, attempt)))
      .limit(1);
    if (existing) return { kind: "existing" as const, call, existing };
    const [busy] = await tx
      .select({ call_id: callAttempts.call_id })
      .from(callAttempts)
      .where(
        and(
          eq(callAttempts.user_id, call.user_id),
          ne(callAttempts.call_id, callId),
          isNull(callAttempts.ended_at),
          gt(callAttempts.dial_started_at, new Date(now.getTime() - LINE_HOLD_MS)),
        ),
      )
      .limit(1);
    if (busy) return { kind: "busy" as const, blockedBy: busy.call_id };
    const user = await loadCallableUser(call.user_id, tx);
    const to = call.call_type === "phone-confirmation" || provider.dials ? user.phone_number : null;
    const [row] = await tx
      .insert(callAttempts)
      .values({
        call_id: callId,
        user_id: call.user_id,
        attempt,
        carrier: provider.carrier,
        to_number: to,
        from_number: provider.fromNumber,
        dial_started_at: now,
      })
      .returning();
    await tx
      .update(callLogs)
      .set({ status: "in-progress", attempts: attempt, provider: provider.carrier, to_number: to, next_attempt_at: null, updated_at: now })
      .where(eq(callLogs.id, callId));
    return { kind: "new" as const, call, existing: row };
  });

  if (prepared.kind === "done") return { state: "done", reason: prepared.reason };
  if (prepared.kind === "busy") return { state: "line-busy", blocked_by: prepared.blockedBy };
  const record = prepared.existing;
  if (!record) throw new Error("The attempt record was not written");
  if (record.provider_call_id) return { state: "dialled", provider_call_id: record.provider_call_id, recovered: true };
  if (!provider.dials) return playWithoutDialling(callId, attempt, now);
  if (!record.to_number) {
    await failCall(callId, "There is no phone number to call.", { outcome: "not-dialled", now });
    return { state: "done", reason: "no-number" };
  }

  if (prepared.kind === "existing") {
    // A previous run recorded this attempt and died before storing the carrier's answer.
    const found = await findPlacedCall(provider, record.to_number, record.dial_started_at, callId);
    if (found) {
      await adopt(callId, attempt, found);
      logger.warn("call attempt recovered from the carrier after a crash; not dialled again", { call_id: callId, attempt });
      return { state: "dialled", provider_call_id: found.providerCallId, recovered: true };
    }
  }

  let placed: CarrierCall;
  try {
    placed = await provider.placeCall({
      to: record.to_number,
      twimlUrl: callUrl(callId, "twiml", { attempt }),
      statusCallbackUrl: callUrl(callId, "status", { attempt }),
      amdCallbackUrl: callUrl(callId, "amd", { attempt }),
      timeoutSeconds: RING_TIMEOUT_S,
    });
  } catch (error) {
    if (error instanceof VoiceProviderError && !error.retryable) {
      // The carrier refused the call itself (a bad number, an unverified caller id, our credentials):
      // dialling again changes nothing. The attempt and the call end failed with the carrier's words.
      const reason = `The phone carrier refused the call: ${error.message}`;
      await db
        .update(callAttempts)
        .set({ status: "failed", outcome: "failed", ended_at: new Date(), error: reason, updated_at: new Date() })
        .where(eq(callAttempts.id, record.id));
      await failCall(callId, reason, { outcome: "failed" });
      return { state: "done", reason: "carrier-refused" };
    }
    throw error;
  }
  await adopt(callId, attempt, placed);
  return { state: "dialled", provider_call_id: placed.providerCallId, recovered: false };
}

/** Calls the carrier placed to this number since the attempt was recorded that no other attempt owns. */
async function findPlacedCall(provider: VoiceProvider, to: string, since: Date, callId: string): Promise<CarrierCall | null> {
  const calls = await provider.findCalls({ to, since: new Date(since.getTime() - LOOKUP_SLACK_MS) });
  if (!calls.length) return null;
  const db = await getDb();
  for (const c of calls.sort((a, b) => (a.startTime?.getTime() ?? 0) - (b.startTime?.getTime() ?? 0))) {
    const [owner] = await db.select({ call_id: callAttempts.call_id }).from(callAttempts).where(eq(callAttempts.provider_call_id, c.providerCallId)).limit(1);
    if (!owner || owner.call_id === callId) return c;
  }
  return null;
}

async function adopt(callId: string, attempt: number, placed: CarrierCall) {
  const db = await getDb();
  const now = new Date();
  await db
    .update(callAttempts)
    .set({ provider_call_id: placed.providerCallId, dialled_at: now, updated_at: now })
    .where(and(eq(callAttempts.call_id, callId), eq(callAttempts.attempt, attempt), isNull(callAttempts.provider_call_id)));
  await db
    .update(callLogs)
    .set({ provider_call_id: placed.providerCallId, updated_at: now })
    .where(and(eq(callLogs.id, callId), eq(callLogs.attempts, attempt)));
  // The carrier's own view at creation (queued, or already further when found after a crash).
  await recordCarrierStatus({
    callId,
    attempt,
    providerCallId: placed.providerCallId,
    status: placed.status,
    answeredBy: placed.answeredBy,
    durationSeconds: placed.durationSeconds,
  });
}

/**
 * No phone line is configured: the call goes through the same pipeline (script, speech, the opening the
 * phone would hear) and is recorded as not dialled — never shown as if a phone rang.
 */
async function playWithoutDialling(callId: string, attempt: number, now: Date): Promise<DialResult> {
  const live = await loadLiveCall(callId);
  if (!live || isCallOver(live.call)) return { state: "done", reason: "gone" };
  const placed = await getVoiceProvider().placeCall({
    to: "",
    twimlUrl: callUrl(callId, "twiml", { attempt }),
    statusCallbackUrl: callUrl(callId, "status", { attempt }),
    amdCallbackUrl: null,
    timeoutSeconds: RING_TIMEOUT_S,
  });
  const script = live.call.call_type === "phone-confirmation" ? [] : transcriptTexts(openingSteps(live, attempt)).map((t) => `PookAi (not dialled): ${t}`);
  const note = "Not dialled: no phone line is configured on this server (console voice provider).";
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx
      .update(callAttempts)
      .set({
        provider_call_id: placed.providerCallId,
        status: "completed",
        outcome: "not-dialled",
        dialled_at: now,
        ended_at: now,
        error: note,
        updated_at: now,
      })
      .where(and(eq(callAttempts.call_id, callId), eq(callAttempts.attempt, attempt)));
    await tx
      .update(callLogs)
      .set({
        status: "completed",
        outcome: "not-dialled",
        provider_call_id: placed.providerCallId,
        success: false,
        transcript: [note, ...script].join("\n"),
        completed_at: now,
        updated_at: now,
      })
      .where(and(eq(callLogs.id, callId), sql`${callLogs.status} in ('scheduled', 'in-progress')`));
  });
  return { state: "not-dialled" };
}
