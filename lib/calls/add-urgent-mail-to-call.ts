import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/lib/db";
import { callLogs, emailSenders, users, type CallItem } from "@/lib/db/schema";
import { detectUrgency, type UrgencyReason } from "@/lib/mail/detect-urgency";
import { emailDomain } from "@/lib/mail/email-domain";
import { isPublicMailDomain } from "@/lib/mail/public-mail-domains";
import { getPreferencesRow } from "@/lib/preferences/get-preferences";
import { fullScript, messageItem } from "./call-script";
import { requestCall } from "./request-call";

/** A message just stored by a scan or sync page (its first insert), as the urgency check needs it. */
export type FreshMessage = {
  id: string;
  sender_id: string;
  subject: string;
  preview: string;
  received_at: Date | string;
  from_name: string;
  from_email: string;
};

export type UrgentMailResult = { callId: string | null; created: boolean; urgent: number };

const SUMMARY_LINES = 5;

function summarize(items: CallItem[]): string {
  const messages = items.filter((i) => i.kind === "message");
  const lines = messages.slice(0, SUMMARY_LINES).map((i) => `${i.from ?? ""}: ${i.subject || "(no subject)"}`);
  const more = messages.length > SUMMARY_LINES ? ` And ${messages.length - SUMMARY_LINES} more.` : "";
  return `${messages.length} urgent email${messages.length === 1 ? "" : "s"}. ${lines.join(". ")}.${more}`.slice(0, 2000);
}

/**
 * New mail that deserves a call, in the transaction that stored it. Urgent messages join the user's
 * open urgent call when one is queued or ringing and has not started speaking (they are read in it);
 * otherwise they start a new call at once — the first message never waits for a batching window, and
 * mail that arrives while a call speaks waits for one follow-up call. Each message joins one call once:
 * it is fresh only in the transaction that first stored it. A dont-tell-anyone sender never triggers a
 * call (detectUrgency), and its mail never becomes an item.
 */
export async function addUrgentMailToCall(tx: Tx, ctx: { userId: string; userEmail: string; now: Date }, fresh: FreshMessage[]): Promise<UrgentMailResult> {
  if (!fresh.length) return { callId: null, created: false, urgent: 0 };
  const prefs = await getPreferencesRow(ctx.userId, tx);
  const senderIds = [...new Set(fresh.map((m) => m.sender_id))];
  const senders = await tx
    .select({ id: emailSenders.id, domain: emailSenders.domain, category: emailSenders.category, sender_type: emailSenders.sender_type })
    .from(emailSenders)
    .where(and(eq(emailSenders.user_id, ctx.userId), inArray(emailSenders.id, senderIds)));
  const senderById = new Map(senders.map((s) => [s.id, s]));
  const userDomain = emailDomain(ctx.userEmail);
  const urgent: { message: FreshMessage; reason: UrgencyReason }[] = [];
  for (const message of fresh) {
    const sender = senderById.get(message.sender_id);
    if (!sender || sender.category === "dont-tell-anyone") continue;
    const reason = detectUrgency(
      {
        category: sender.category,
        sender_type: sender.sender_type,
        domain: sender.domain,
        subject: message.subject,
        snippet: message.preview,
        user_domain: isPublicMailDomain(userDomain) ? "" : userDomain,
      },
      prefs,
    );
    if (reason) urgent.push({ message, reason });
  }
  if (!urgent.length) return { callId: null, created: false, urgent: 0 };

  const [user] = await tx.select({ name: users.name, timezone: users.timezone }).from(users).where(eq(users.id, ctx.userId));
  const timezone = user?.timezone ?? "UTC";
  const items = urgent.map(({ message: m }) =>
    messageItem(
      {
        message_id: m.id,
        sender_id: m.sender_id,
        from_name: m.from_name,
        from_email: m.from_email,
        subject: m.subject,
        preview: m.preview,
        received_at: new Date(m.received_at),
      },
      ctx.now,
      timezone,
    ),
  );
  const messageIds = urgent.map((u) => u.message.id);

  // Joins of one user's mail take turns (two mailboxes may sync at once).
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`pookai-urgent-mail:${ctx.userId}`}))`);
  const [open] = await tx
    .select()
    .from(callLogs)
    .where(
      and(
        eq(callLogs.user_id, ctx.userId),
        eq(callLogs.call_type, "urgent"),
        eq(callLogs.is_test, false),
        inArray(callLogs.status, ["scheduled", "in-progress"]),
        isNull(callLogs.speaking_started_at),
      ),
    )
    .orderBy(desc(callLogs.created_at))
    .limit(1)
    .for("update");

  let callId: string;
  let created = false;
  if (open) {
    const all = [...open.items, ...items];
    await tx
      .update(callLogs)
      .set({
        items: all,
        message_ids: [...open.message_ids, ...messageIds],
        content_summary: summarize(all),
        script: fullScript({ userName: user?.name ?? "", callType: "urgent", items: all }),
        updated_at: ctx.now,
      })
      .where(eq(callLogs.id, open.id));
    callId = open.id;
  } else {
    const [row] = await tx
      .insert(callLogs)
      .values({
        user_id: ctx.userId,
        call_type: "urgent",
        status: "scheduled",
        priority: "high",
        scheduled_at: ctx.now,
        content_summary: summarize(items),
        items,
        script: fullScript({ userName: user?.name ?? "", callType: "urgent", items }),
        message_ids: messageIds,
        idempotency_key: `mail:${messageIds[0] ?? ""}`,
      })
      .onConflictDoNothing()
      .returning({ id: callLogs.id });
    if (!row) return { callId: null, created: false, urgent: urgent.length };
    callId = row.id;
    created = true;
  }
  await tx.execute(sql`
    update email_messages m set is_urgent = true, urgent_reason = u.reason, urgent_event_sent_at = ${ctx.now.toISOString()}
      from jsonb_to_recordset(${JSON.stringify(urgent.map((u) => ({ id: u.message.id, reason: u.reason })))}::jsonb) as u(id uuid, reason text)
     where m.id = u.id and m.user_id = ${ctx.userId}`);
  return { callId, created, urgent: urgent.length };
}

// A scheduled call this recent that has not been dialled may still lack its workflow run.
const PENDING_WINDOW_MS = 24 * 3600_000;

/**
 * Hand every recent, never-dialled scheduled call of the user to the call workflow again. Run after a
 * page of mail committed: if the process died between storing a call and sending its request, the
 * retried page finds nothing new, but this still sends it. The event id per call makes it harmless.
 */
export async function requestPendingCalls(userId: string, now = new Date()): Promise<number> {
  const db = await getDb();
  const pending = await db
    .select({ id: callLogs.id, user_id: callLogs.user_id })
    .from(callLogs)
    .where(
      and(
        eq(callLogs.user_id, userId),
        eq(callLogs.status, "scheduled"),
        eq(callLogs.attempts, 0),
        gt(callLogs.created_at, new Date(now.getTime() - PENDING_WINDOW_MS)),
      ),
    );
  for (const call of pending) await requestCall(call);
  return pending.length;
}
