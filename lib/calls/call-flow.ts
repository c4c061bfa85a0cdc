import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db";
import { callLogs, emailSenders, users, type CallCommand, type CallItem } from "@/lib/db/schema";
import { CLOSING, greeting, MENU_FULL, MENU_NOTE, MENU_SHORT, NOTHING_LEFT, SPEECH_HINTS } from "./call-script";
import { callUrl } from "./call-urls";
import { transcriptTexts, type TwimlStep } from "./call-twiml";

/*
 * The interactive flow of a call, shared by every carrier: the opening, one block per item (read it,
 * then gather a key or a phrase), and the end. Positions travel in the signed action URL
 * (attempt, item, try), so each request is answered from the database alone.
 */

export type CallRow = typeof callLogs.$inferSelect;
export type LiveCall = { call: CallRow; user: { name: string; timezone: string }; items: CallItem[] };
export type FlowPosition = { attempt: number; item: number; try: number };

const ENDED = new Set(["completed", "failed"]);

/**
 * The call as it is read now: a dont-tell-anyone sender's items are dropped here, whatever the call
 * held when it was scheduled (the sender may have been made private since): the one read-side guard
 * between stored mail and a carrier.
 */
export async function loadLiveCall(callId: string, dbOrTx?: DbOrTx): Promise<LiveCall | null> {
  const db = dbOrTx ?? (await getDb());
  const [row] = await db
    .select({ call: callLogs, name: users.name, timezone: users.timezone })
    .from(callLogs)
    .innerJoin(users, eq(users.id, callLogs.user_id))
    .where(eq(callLogs.id, callId))
    .limit(1);
  if (!row) return null;
  const senderIds = [...new Set(row.call.items.flatMap((i) => (i.sender_id ? [i.sender_id] : [])))];
  const privateIds = new Set<string>();
  if (senderIds.length) {
    const rows = await db
      .select({ id: emailSenders.id })
      .from(emailSenders)
      .where(and(eq(emailSenders.user_id, row.call.user_id), inArray(emailSenders.id, senderIds), eq(emailSenders.category, "dont-tell-anyone")));
    for (const r of rows) privateIds.add(r.id);
  }
  const items = row.call.items.filter((i) => !(i.sender_id && privateIds.has(i.sender_id)));
  return { call: row.call, user: { name: row.name, timezone: row.timezone }, items };
}

export function isCallOver(call: CallRow): boolean {
  return ENDED.has(call.status);
}

/** One item: read it (unless the caller is being asked again), then the menu inside a gather. */
export function itemBlock(live: LiveCall, pos: FlowPosition): TwimlStep[] {
  const item = live.items[pos.item];
  if (!item) return [{ kind: "say", text: CLOSING }, { kind: "hangup" }];
  const steps: TwimlStep[] = [];
  if (pos.try === 0) steps.push({ kind: "say", text: item.text });
  const prompt = item.kind === "note" ? MENU_NOTE : pos.item === 0 && pos.try === 0 ? MENU_FULL : MENU_SHORT;
  steps.push({
    kind: "gather",
    action: callUrl(live.call.id, "gather", { attempt: pos.attempt, item: pos.item, try: pos.try }),
    prompt,
    hints: SPEECH_HINTS,
  });
  return steps;
}

/** The first words of an answered call. */
export function openingSteps(live: LiveCall, attempt: number): TwimlStep[] {
  const hello: TwimlStep = {
    kind: "say",
    text: greeting({ userName: live.user.name, callType: live.call.call_type, items: live.items, isTest: live.call.is_test }),
  };
  if (!live.items.length) return [hello, { kind: "say", text: NOTHING_LEFT }, { kind: "hangup" }];
  return [hello, ...itemBlock(live, { attempt, item: 0, try: 0 })];
}

/**
 * Append what was just said (and heard) to the call's transcript, and a command when there was one.
 * Lines are appended in SQL, so concurrent requests of one call never overwrite each other.
 */
export async function recordTurn(callId: string, steps: TwimlStep[], heard?: { line: string; speaker?: string; command?: CallCommand }, dbOrTx?: DbOrTx) {
  const lines = [...(heard ? [`${heard.speaker ?? "You"}: ${heard.line}`] : []), ...transcriptTexts(steps).map((t) => `PookAi: ${t}`)];
  if (!lines.length) return;
  const db = dbOrTx ?? (await getDb());
  const text = lines.join("\n");
  await db
    .update(callLogs)
    .set({
      transcript: sql`case when ${callLogs.transcript} is null or ${callLogs.transcript} = '' then ${text} else ${callLogs.transcript} || E'\n' || ${text} end`,
      ...(heard?.command ? { commands: sql`${callLogs.commands} || ${JSON.stringify([heard.command])}::jsonb` } : {}),
      updated_at: new Date(),
    })
    .where(eq(callLogs.id, callId));
}
