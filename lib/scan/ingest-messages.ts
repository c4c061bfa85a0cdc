import { getDb } from "@/lib/db";
import { addUrgentMailToCall } from "@/lib/calls/add-urgent-mail-to-call";
import type { MailMessageMeta } from "@/lib/providers/mail/types";
import { reapplyRules } from "@/lib/rules/reapply-rules";
import { suggestCategories } from "@/lib/senders/suggest-categories";
import { insertPageMessages } from "./insert-page-messages";
import { readMailPage } from "./read-mail-page";
import { upsertPageSenders } from "./upsert-page-senders";

// Only mail that arrives after connecting (and recently) may ring the phone: a first scan of
// 90 days of history never calls about last month's invoice.
const URGENT_WINDOW_MS = 48 * 3600_000;

export type IngestContext = {
  userId: string;
  userEmail: string;
  integrationId: string;
  /**
   * Mail received before this never rings: the mailbox's connection time, or, during a resync, just
   * after the newest message already stored (that mail had its chance).
   */
  urgentNotBefore: Date;
  now?: Date;
  /**
   * A full scan records messages only and settles counts with recountSenders at checkpoints:
   * rewriting every sender of every page is what made large scans slow down as they went.
   */
  deferCounts?: boolean;
};

export type IngestResult = {
  fetched: number;
  inserted: number;
  senders: number;
  urgent_call_id: string | null;
  /** The page holds mail recent enough to ring the phone (so an urgent call may exist for its key). */
  recent: boolean;
};

/**
 * Record one page of message metadata for a user's mailbox in one transaction: senders upserted,
 * each message stored once per (integration, provider id), counts and latest fields moved only by
 * messages that were actually new. A page applied twice (a retried or resumed step) changes nothing
 * the second time. Rules, suggestions and urgent-call scheduling follow in the same transaction.
 */
export async function ingestMessages(ctx: IngestContext, page: MailMessageMeta[]): Promise<IngestResult> {
  const { senders, messages } = readMailPage(page);
  if (!messages.length) return { fetched: page.length, inserted: 0, senders: 0, urgent_call_id: null, recent: false };

  const now = ctx.now ?? new Date();
  // Only mail this recent can ring the phone; older rows need not come back from the insert whole.
  const urgentSince = new Date(Math.max(ctx.urgentNotBefore.getTime(), now.getTime() - URGENT_WINDOW_MS)).toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const changedIds = await upsertPageSenders(tx, ctx.userId, senders);
    const stored = await insertPageMessages(tx, { userId: ctx.userId, integrationId: ctx.integrationId }, messages, {
      urgentSince,
      now,
      deferCounts: ctx.deferCounts,
    });
    // Rules match on email, domain and List-Id: only new senders and changed List-Ids can move.
    if (changedIds.length) await reapplyRules(ctx.userId, { senderIds: changedIds, tx });
    // A full scan settles suggestions with its counts at checkpoints; a sync page refreshes the
    // senders it changed or counted (volume and latest subject feed the suggestion).
    if (!ctx.deferCounts) {
      const touched = [...new Set([...changedIds, ...stored.countedSenderIds])];
      if (touched.length) await suggestCategories(ctx.userId, { senderIds: touched }, tx);
    }
    const urgent = stored.fresh.length ? await addUrgentMailToCall(tx, { userId: ctx.userId, userEmail: ctx.userEmail, now }, stored.fresh) : null;
    const urgentCallId = urgent?.callId ?? null;
    const recent = messages.some((m) => m.received_at >= urgentSince);
    return { fetched: page.length, inserted: stored.inserted, senders: senders.length, urgent_call_id: urgentCallId, recent };
  });
}
