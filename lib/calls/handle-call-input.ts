import { and, eq, isNull } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { emailMessages, type CallCommand } from "@/lib/db/schema";
import { setSenderCategory } from "@/lib/senders/set-sender-category";
import { GOODBYE, keepQuietAck, NOT_UNDERSTOOD, REMIND_LATER_ACK } from "./call-script";
import { isCallOver, itemBlock, loadLiveCall, recordTurn, type FlowPosition, type LiveCall } from "./call-flow";
import { renderTwiml, type TwimlStep } from "./call-twiml";
import { handleConfirmationInput } from "./phone-confirmation";

export type CallCommandName = "next" | "remind-later" | "keep-quiet" | "repeat" | "goodbye";

const DIGITS: Record<string, CallCommandName> = { "1": "next", "2": "remind-later", "3": "keep-quiet", "9": "repeat", "0": "goodbye" };
// Checked in this order: "remind me later" must not read as "next", "keep quiet" not as "quiet please, repeat".
const PHRASES: [RegExp, CallCommandName][] = [
  [/\b(good ?bye|bye|hang up|end (the )?call|that'?s all|zero)\b/, "goodbye"],
  [/\b(remind( me)?( later)?|later|digest|two)\b/, "remind-later"],
  [/\b(keep (it |them )?quiet|quiet|mute|silence|three)\b/, "keep-quiet"],
  [/\b(repeat|again|pardon|say that|nine)\b/, "repeat"],
  [/\b(next|skip|go on|continue|move on|okay|ok|one)\b/, "next"],
];

/** What the caller pressed or said, as a command (null when it is none of them) and as a transcript line. */
export function parseCallInput(input: { digits?: string; speech?: string }): { command: CallCommandName | null; line: string } {
  const digits = (input.digits ?? "").trim();
  if (digits) return { command: DIGITS[digits.charAt(0)] ?? null, line: `pressed ${digits.slice(0, 8)}` };
  const speech = (input.speech ?? "").trim().slice(0, 200);
  if (!speech) return { command: null, line: "(no answer)" };
  const text = speech.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, " ");
  const hit = PHRASES.find(([pattern]) => pattern.test(text));
  return { command: hit ? hit[1] : null, line: `said “${speech}”` };
}

/**
 * A key or phrase gathered during a call: act on it (through the same services as the app), answer
 * with the next TwiML, and store the command on the call with what it changed. Invalid or empty
 * input repeats the menu once, then the call moves on.
 */
export async function handleCallInput(callId: string, pos: FlowPosition, input: { digits?: string; speech?: string }): Promise<string> {
  const live = await loadLiveCall(callId);
  if (!live || isCallOver(live.call)) return renderTwiml({ id: callId, user_id: "", voice: null, speech_engine: null }, [{ kind: "hangup" }]);
  if (live.call.call_type === "phone-confirmation") return handleConfirmationInput(live, pos, input);

  const { command, line } = parseCallInput(input);
  const item = live.items[pos.item];
  const isMessage = item?.kind === "message";
  const valid = command !== null && (isMessage || (command !== "remind-later" && command !== "keep-quiet"));
  const at = new Date().toISOString();
  let steps: TwimlStep[];
  let changed: { text: string; sender_id?: string; message_id?: string } | undefined;

  if (!valid || !item) {
    steps =
      pos.try === 0 ? [{ kind: "say", text: NOT_UNDERSTOOD }, ...itemBlock(live, { ...pos, try: 1 })] : itemBlock(live, { ...pos, item: pos.item + 1, try: 0 });
  } else {
    switch (command) {
      case "next":
        steps = itemBlock(live, { ...pos, item: pos.item + 1, try: 0 });
        break;
      case "repeat":
        steps = itemBlock(live, { ...pos, try: 0 });
        break;
      case "goodbye":
        steps = [{ kind: "say", text: GOODBYE }, { kind: "hangup" }];
        break;
      case "remind-later":
        changed = await remindLater(live, item.message_id, item.subject);
        steps = [{ kind: "say", text: REMIND_LATER_ACK }, ...itemBlock(live, { ...pos, item: pos.item + 1, try: 0 })];
        break;
      case "keep-quiet":
        changed = await keepQuiet(live, item.sender_id, item.from);
        steps = [{ kind: "say", text: keepQuietAck(item.from ?? "this sender") }, ...itemBlock(live, { ...pos, item: pos.item + 1, try: 0 })];
        break;
    }
  }
  const record: CallCommand = {
    at,
    input: line,
    action: valid ? command : "not-understood",
    attempt: pos.attempt,
    item: pos.item,
    ...(changed
      ? {
          changed: changed.text,
          ...(changed.sender_id ? { sender_id: changed.sender_id } : {}),
          ...(changed.message_id ? { message_id: changed.message_id } : {}),
        }
      : {}),
  };
  await recordTurn(callId, steps, { line, command: record });
  return renderTwiml(live.call, steps);
}

async function remindLater(live: LiveCall, messageId: string | undefined, subject: string | undefined) {
  if (!messageId) return undefined;
  const db = await getDb();
  const rows = await db
    .update(emailMessages)
    .set({ remind_later_at: new Date() })
    .where(and(eq(emailMessages.id, messageId), eq(emailMessages.user_id, live.call.user_id), isNull(emailMessages.remind_later_at)))
    .returning({ id: emailMessages.id });
  const what = subject ? `“${subject}”` : "The email";
  return { text: rows.length ? `${what} moved to your next digest` : `${what} was already in your next digest`, message_id: messageId };
}

async function keepQuiet(live: LiveCall, senderId: string | undefined, from: string | undefined) {
  if (!senderId) return undefined;
  try {
    const sender = await setSenderCategory(live.call.user_id, senderId, "keep-quiet");
    return { text: `${from || sender.name || sender.email} is now kept quiet`, sender_id: sender.id };
  } catch (error) {
    // The sender was deleted meanwhile: the call goes on; there is nothing left to quiet.
    if (error instanceof AppError && error.code === "NOT_FOUND") return { text: `${from || "The sender"} no longer exists` };
    throw error;
  }
}
