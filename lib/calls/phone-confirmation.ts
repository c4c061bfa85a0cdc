import { randomInt } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { decryptJson, encryptJson, safeEqual } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { callLogs, phoneConfirmations, users } from "@/lib/db/schema";
import { getVoiceProvider } from "@/lib/providers/voice/get-voice-provider";
import { CONFIRMED, confirmationScript, GOODBYE } from "./call-script";
import { type FlowPosition, type LiveCall, recordTurn } from "./call-flow";
import { callUrl } from "./call-urls";
import { renderTwiml, type TwimlStep } from "./call-twiml";
import { loadCallableUser } from "./assert-can-call";
import { requestCall } from "./request-call";
import { serializeCall } from "./serialize-call";

const CODE_TTL_MS = 15 * 60_000;
const MAX_CODE_TRIES = 5;
// One confirmation call at a time, and not more than a few a day: the number may not be the user's.
const MIN_INTERVAL_MS = 60_000;
const MAX_PER_DAY = 5;
const MASKED = "Your code is read out twice (not stored). Press 1 to confirm this number.";

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/**
 * Start confirming the user's phone number: a call to it reads a six-digit code, which the user types
 * into the app, or presses 1 on the call. Only with a phone line: without one nothing is dialled and
 * no confirmation is needed.
 */
export async function startPhoneConfirmation(userId: string, now = new Date()) {
  if (!getVoiceProvider().dials) {
    throw new AppError("CONFLICT", "No phone line is configured on this server: calls are not dialled, so there is no number to confirm.");
  }
  const user = await loadCallableUser(userId);
  if (!user.phone_number) throw new AppError("CONFLICT", "Add your phone number in Settings first.", { reason: "no_phone_number" });
  if (user.phone_confirmed_at) throw new AppError("CONFLICT", "This phone number is already confirmed.", { reason: "already_confirmed" });
  const phone = user.phone_number;
  const db = await getDb();
  const call = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`pookai-phone-confirmation:${userId}`}))`);
    const recent = await tx
      .select({ created_at: phoneConfirmations.created_at })
      .from(phoneConfirmations)
      .where(and(eq(phoneConfirmations.user_id, userId), gt(phoneConfirmations.created_at, new Date(now.getTime() - 86_400_000))))
      .orderBy(desc(phoneConfirmations.created_at));
    const last = recent[0];
    if (last && now.getTime() - last.created_at.getTime() < MIN_INTERVAL_MS) {
      const retryAfter = Math.ceil((MIN_INTERVAL_MS - (now.getTime() - last.created_at.getTime())) / 1000);
      throw new AppError("RATE_LIMIT_EXCEEDED", "A confirmation call was just placed: wait a minute before asking for another.", undefined, retryAfter);
    }
    if (recent.length >= MAX_PER_DAY) throw new AppError("RATE_LIMIT_EXCEEDED", "Too many confirmation calls today: try again tomorrow.", undefined, 3600);
    const [created] = await tx
      .insert(callLogs)
      .values({
        user_id: userId,
        call_type: "phone-confirmation",
        status: "scheduled",
        priority: "high",
        scheduled_at: now,
        content_summary: "Confirming your phone number",
        items: [{ kind: "note", text: MASKED }],
        script: `Hi, this is PookAi, your automated inbox assistant, confirming your phone number. ${MASKED}`,
      })
      .returning();
    if (!created) throw new Error("Inserting the confirmation call returned no row");
    await tx.insert(phoneConfirmations).values({
      user_id: userId,
      phone_number: phone,
      code_ciphertext: encryptJson(newCode()),
      call_id: created.id,
      expires_at: new Date(now.getTime() + CODE_TTL_MS),
    });
    return created;
  });
  await requestCall(call);
  return { call: serializeCall(call), expires_at: new Date(now.getTime() + CODE_TTL_MS).toISOString() };
}

async function markConfirmed(confirmationId: string, userId: string, phone: string, now: Date): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Only the number the code was sent to: a number changed meanwhile stays unconfirmed.
    const updated = await tx
      .update(users)
      .set({ phone_confirmed_at: now, updated_at: now })
      .where(and(eq(users.id, userId), eq(users.phone_number, phone)))
      .returning({ id: users.id });
    if (!updated.length) return false;
    await tx.update(phoneConfirmations).set({ confirmed_at: now }).where(eq(phoneConfirmations.id, confirmationId));
    return true;
  });
}

/** The code typed into the app. Wrong codes count; after five, a new confirmation call is needed. */
export async function confirmPhoneNumber(userId: string, code: string, now = new Date()) {
  const user = await loadCallableUser(userId);
  if (!user.phone_number) throw new AppError("CONFLICT", "Add your phone number in Settings first.", { reason: "no_phone_number" });
  if (user.phone_confirmed_at) return { phone_number: user.phone_number, phone_confirmed: true };
  const db = await getDb();
  const [pending] = await db
    .select()
    .from(phoneConfirmations)
    .where(
      and(
        eq(phoneConfirmations.user_id, userId),
        eq(phoneConfirmations.phone_number, user.phone_number),
        isNull(phoneConfirmations.confirmed_at),
        gt(phoneConfirmations.expires_at, now),
      ),
    )
    .orderBy(desc(phoneConfirmations.created_at))
    .limit(1);
  if (!pending)
    throw new AppError("CONFLICT", "There is no confirmation code waiting: ask for a confirmation call first.", { reason: "no_pending_confirmation" });
  const [counted] = await db
    .update(phoneConfirmations)
    .set({ attempts: sql`${phoneConfirmations.attempts} + 1` })
    .where(and(eq(phoneConfirmations.id, pending.id), sql`${phoneConfirmations.attempts} < ${MAX_CODE_TRIES}`))
    .returning({ attempts: phoneConfirmations.attempts });
  if (!counted) throw new AppError("CONFLICT", "Too many wrong codes: ask for a new confirmation call.", { reason: "too_many_attempts" });
  if (!safeEqual(code, decryptJson(pending.code_ciphertext) as string)) {
    throw new AppError("VALIDATION_ERROR", "That code is not the one PookAi read out.", { code: ["That code is not the one PookAi read out"] });
  }
  if (!(await markConfirmed(pending.id, userId, user.phone_number, now))) {
    throw new AppError("CONFLICT", "Your phone number changed: ask for a new confirmation call.", { reason: "number_changed" });
  }
  return { phone_number: user.phone_number, phone_confirmed: true };
}

async function confirmationOf(callId: string) {
  const db = await getDb();
  const [row] = await db.select().from(phoneConfirmations).where(eq(phoneConfirmations.call_id, callId)).limit(1);
  return row ?? null;
}

/** The confirmation call's words: the code twice (masked in the transcript), then a gather for 1. */
export async function confirmationOpening(live: LiveCall, attempt: number, repeat = false): Promise<TwimlStep[]> {
  const confirmation = await confirmationOf(live.call.id);
  if (!confirmation) return [{ kind: "say", text: GOODBYE }, { kind: "hangup" }];
  const code = decryptJson(confirmation.code_ciphertext) as string;
  return [
    { kind: "say", text: confirmationScript(code), transcript: "Your confirmation code (read out twice; not stored)." },
    {
      kind: "gather",
      action: callUrl(live.call.id, "gather", { attempt, item: 0, try: repeat ? 1 : 0 }),
      prompt: "Press 1 to confirm this number.",
      hints: "confirm, yes",
    },
  ];
}

/** On the confirmation call: 1 (or "yes") confirms the number that was called; anything else hears the code once more. */
export async function handleConfirmationInput(live: LiveCall, pos: FlowPosition, input: { digits?: string; speech?: string }): Promise<string> {
  const digits = (input.digits ?? "").trim();
  const said = (input.speech ?? "").toLowerCase();
  const line = digits ? `pressed ${digits.slice(0, 8)}` : said ? `said “${said.slice(0, 200)}”` : "(no answer)";
  let steps: TwimlStep[];
  let action = "not-understood";
  const confirmation = await confirmationOf(live.call.id);
  if (confirmation && (digits === "1" || /\b(yes|confirm)\b/.test(said))) {
    const now = new Date();
    const ok = confirmation.expires_at > now && (await markConfirmed(confirmation.id, live.call.user_id, confirmation.phone_number, now));
    steps = ok ? [{ kind: "say", text: CONFIRMED }, { kind: "hangup" }] : [{ kind: "say", text: GOODBYE }, { kind: "hangup" }];
    action = ok ? "confirm-phone" : "confirm-phone-refused";
  } else if (pos.try === 0) {
    steps = await confirmationOpening(live, pos.attempt, true);
  } else {
    steps = [{ kind: "say", text: GOODBYE }, { kind: "hangup" }];
  }
  await recordTurn(live.call.id, steps, { line, command: { at: new Date().toISOString(), input: line, action, attempt: pos.attempt, item: 0 } });
  return renderTwiml(live.call, steps);
}
