import { and, eq, sql } from "drizzle-orm";
import { NonRetriableError } from "inngest";
import { getDb, queryRows } from "@/lib/db";
import { callLogs, emailIntegrations, emailMessages, scanJobs, users } from "@/lib/db/schema";
import { withMailProvider } from "@/lib/integrations/mail-provider-pool";
import { CursorExpiredError, MailProviderError, type MailProvider, type SyncCursor } from "@/lib/providers/mail/types";
import { recountSenders } from "@/lib/senders/recount-senders";
import { suggestCategories } from "@/lib/senders/suggest-categories";
import { sendEvent } from "@/lib/events/send-event";
import { ingestMessages } from "./ingest-messages";
import { prefetchPages, takePrefetchedPage } from "./page-prefetch";
import { readSyncState, type SyncState } from "./sync-state";

const RECOUNT_EVERY_PAGES = 10;
// Pages fetched ahead of the one being written (bounded memory: a page is at most a few MB).
const PREFETCH_PAGES = 3;

// Mail received this long before the last sync is listed again after an expired cursor: overlap is
// free (messages are stored once) and a gap would lose mail.
const CATCH_UP_OVERLAP_MS = 3600_000;

async function loadJob(jobId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ job: scanJobs, integration: emailIntegrations, user: { id: users.id, email: users.email } })
    .from(scanJobs)
    .innerJoin(emailIntegrations, eq(emailIntegrations.id, scanJobs.integration_id))
    .innerJoin(users, eq(users.id, scanJobs.user_id))
    .where(eq(scanJobs.id, jobId))
    .limit(1);
  if (!row) throw new NonRetriableError(`Scan job ${jobId} no longer exists`);
  if (row.job.status !== "processing") throw new NonRetriableError(`Scan job ${jobId} is already ${row.job.status}`);
  if (row.integration.status === "disconnected") throw new NonRetriableError("The mailbox was disconnected during the scan; what was scanned is kept");
  return row;
}

/** Run one provider call; refused credentials are not worth retrying, anything else is. */
async function withProvider<T>(integration: Awaited<ReturnType<typeof loadJob>>["integration"], fn: (p: MailProvider) => Promise<T>): Promise<T> {
  try {
    return await withMailProvider(integration, fn);
  } catch (error) {
    if (error instanceof MailProviderError && error.kind === "auth") {
      throw new NonRetriableError(`The mailbox refused our credentials (${error.message}); connect it again`, { cause: error });
    }
    throw error;
  }
}

async function saveSyncState(integrationId: string, state: SyncState) {
  const db = await getDb();
  await db.update(emailIntegrations).set({ sync_cursor: state, updated_at: new Date() }).where(eq(emailIntegrations.id, integrationId));
}

async function recordProgress(jobId: string, fetched: number, total: number | null, resume?: { integrationId: string; state: SyncState }) {
  const db = await getDb();
  // Progress only ever moves forward, and reaches 100 only when the job completes. The resume point
  // is saved in the same statement (one round trip per page).
  const saveResume = resume
    ? sql`with resume as (update email_integrations set sync_cursor = ${JSON.stringify(resume.state)}::jsonb, updated_at = now() where id = ${resume.integrationId} and status <> 'disconnected') `
    : sql``;
  await db.execute(sql`
    ${saveResume}update scan_jobs set
      processed = processed + ${fetched},
      total = coalesce(${total}, total),
      progress = greatest(progress, case when coalesce(${total}, total) > 0
                   then least(99, floor((processed + ${fetched}) * 100.0 / coalesce(${total}, total)))::int else progress end),
      updated_at = now()
    where id = ${jobId}`);
}

/** Hand the urgent call a page scheduled (if any) to the call workflow; a resend is dropped by its id. */
async function dispatchUrgentCall(userId: string, key: string) {
  const db = await getDb();
  const [call] = await db
    .select({ id: callLogs.id, status: callLogs.status })
    .from(callLogs)
    .where(and(eq(callLogs.user_id, userId), eq(callLogs.idempotency_key, key)))
    .limit(1);
  if (call?.status === "scheduled") {
    await sendEvent({ name: "call/urgent.requested", data: { user_id: userId, call_id: call.id }, id: `urgent-call-${call.id}` });
  }
}

async function ingestPage(ctx: Awaited<ReturnType<typeof loadJob>>, pageKey: string, messages: Parameters<typeof ingestMessages>[1], deferCounts = false) {
  const key = `mail:${ctx.job.id}:${pageKey}`;
  const urgentSince = readSyncState(ctx.integration.sync_cursor).scan?.urgent_since;
  const result = await ingestMessages(
    {
      userId: ctx.user.id,
      userEmail: ctx.user.email,
      integrationId: ctx.integration.id,
      urgentNotBefore: urgentSince ? new Date(Math.max(ctx.integration.created_at.getTime(), Date.parse(urgentSince))) : ctx.integration.created_at,
      urgentCallKey: key,
      deferCounts,
    },
    messages,
  );
  // Only a page with recent mail can have scheduled a call (this time or on an earlier attempt).
  if (result.recent) await dispatchUrgentCall(ctx.user.id, key);
  return result;
}

export type BeginResult = { mode: "sync"; cursor: SyncCursor } | { mode: "scan"; page_token: string | null };

/**
 * First step of a mailbox job. A sync with a stored cursor continues from it; anything else is a
 * full scan: it resumes an unfinished one (a failed or killed scan continues where it stopped), or
 * takes the provider's "now" cursor before listing so that mail arriving during the scan is synced.
 */
export async function beginMailboxJob(jobId: string): Promise<BeginResult> {
  const ctx = await loadJob(jobId);
  const state = readSyncState(ctx.integration.sync_cursor);
  if (ctx.job.kind === "sync" && state.cursor && !state.scan) return { mode: "sync", cursor: state.cursor };
  const db = await getDb();
  if (state.scan) {
    await db
      .update(scanJobs)
      .set({ kind: "scan", processed: state.scan.processed, total: state.scan.total, updated_at: new Date() })
      .where(eq(scanJobs.id, jobId));
    await recordProgress(jobId, 0, state.scan.total);
    return { mode: "scan", page_token: state.scan.page_token };
  }
  const pending = await withProvider(ctx.integration, (p) => p.currentCursor());
  await saveSyncState(ctx.integration.id, { cursor: state.cursor, scan: { page_token: null, processed: 0, total: null, pending_cursor: pending } });
  if (ctx.job.kind !== "scan") await db.update(scanJobs).set({ kind: "scan" }).where(eq(scanJobs.id, jobId));
  return { mode: "scan", page_token: null };
}

/**
 * One page of a full scan: fetch, record, remember where the next page starts. A page token the
 * provider no longer honours (IMAP UIDVALIDITY changed during the scan, or before it resumed)
 * restarts the scan from the top: `restarted` tells the workflow to list from the first page again.
 */
export async function scanMailboxPage(jobId: string, pageToken: string | null, pageIndex: number) {
  const ctx = await loadJob(jobId);
  const list = (token: string | null) => withProvider(ctx.integration, (p) => p.listPage(token));
  let page;
  try {
    page = await (takePrefetchedPage(ctx.integration.id, pageToken)?.catch(() => list(pageToken)) ?? list(pageToken));
  } catch (error) {
    if (!(error instanceof CursorExpiredError) || !pageToken) throw error;
    await restartMailboxScan(jobId, { forgetMessages: error.idsChanged });
    return { next_page_token: null, fetched: 0, inserted: 0, restarted: true as const };
  }
  prefetchPages(ctx.integration.id, page.next_page_token, list, PREFETCH_PAGES);
  const result = await ingestPage(ctx, `scan:${pageIndex}`, page.messages, true);
  // Counts settle at checkpoints, so the triage view fills in while a long scan runs (the last page
  // needs none: finishing the job settles them).
  if (page.next_page_token && pageIndex % RECOUNT_EVERY_PAGES === RECOUNT_EVERY_PAGES - 1) await settleSenders(ctx.user.id);
  // This job is the only writer of the mailbox's scan state (one job per mailbox at a time).
  const state = readSyncState(ctx.integration.sync_cursor);
  const total = page.estimated_total ?? state.scan?.total ?? null;
  const scan = state.scan && {
    ...state,
    scan: { ...state.scan, page_token: page.next_page_token, processed: state.scan.processed + page.messages.length, total },
  };
  await recordProgress(jobId, page.messages.length, total, scan ? { integrationId: ctx.integration.id, state: scan } : undefined);
  return { next_page_token: page.next_page_token, fetched: page.messages.length, inserted: result.inserted, restarted: false as const };
}

/**
 * List the whole mailbox again from a fresh cursor. When the provider's message ids changed
 * (`forgetMessages`), the stored messages go first: they are keyed by ids that now mean nothing, and
 * the resync stores each message again under its new id (senders and their categories stay; counts
 * settle when the job finishes). Mail no newer than the newest message already stored had its chance
 * to ring (by the mail server's own clock), so only mail newer than that may ring during the resync.
 */
export async function restartMailboxScan(jobId: string, options: { forgetMessages: boolean }) {
  const ctx = await loadJob(jobId);
  const pending = await withProvider(ctx.integration, (p) => p.currentCursor());
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [seen] = await queryRows<{ newest_ms: number | null }>(
      tx,
      sql`select (extract(epoch from max(received_at)) * 1000)::float8 as newest_ms from email_messages where user_id = ${ctx.user.id} and integration_id = ${ctx.integration.id}`,
    );
    const urgentSince = seen?.newest_ms != null ? new Date(Number(seen.newest_ms) + 1) : ctx.integration.created_at;
    const state: SyncState = {
      cursor: null,
      scan: { page_token: null, processed: 0, total: null, pending_cursor: pending, urgent_since: urgentSince.toISOString() },
    };
    if (options.forgetMessages) {
      await tx.delete(emailMessages).where(and(eq(emailMessages.user_id, ctx.user.id), eq(emailMessages.integration_id, ctx.integration.id)));
    }
    await tx.update(emailIntegrations).set({ sync_cursor: state, updated_at: new Date() }).where(eq(emailIntegrations.id, ctx.integration.id));
    await tx.update(scanJobs).set({ kind: "scan", processed: 0, total: null, updated_at: new Date() }).where(eq(scanJobs.id, jobId));
  });
  return { page_token: null };
}

/** One page of changes since the stored cursor; `expired` when the provider can no longer answer from it. */
export async function syncMailboxPage(jobId: string, cursor: SyncCursor, pageToken: string | null, pageIndex: number) {
  const ctx = await loadJob(jobId);
  let changes;
  try {
    changes = await withProvider(ctx.integration, (p) => p.listChanges(cursor, pageToken));
  } catch (error) {
    if (error instanceof CursorExpiredError) {
      return {
        expired: true as const,
        full_resync: error.fullResync,
        ids_changed: error.idsChanged,
        next_page_token: null,
        cursor: null,
        fetched: 0,
        inserted: 0,
      };
    }
    throw error;
  }
  const result = await ingestPage(ctx, `sync:${pageIndex}`, changes.messages);
  await recordProgress(jobId, changes.messages.length, null);
  return {
    expired: false as const,
    full_resync: false,
    ids_changed: false,
    next_page_token: changes.next_page_token,
    cursor: changes.cursor,
    fetched: changes.messages.length,
    inserted: result.inserted,
  };
}

/** After an expired cursor: take a fresh cursor first, then list everything since the last sync. */
export async function beginCatchUp(jobId: string) {
  const ctx = await loadJob(jobId);
  const cursor = await withProvider(ctx.integration, (p) => p.currentCursor());
  const from = ctx.integration.last_sync_at ?? ctx.integration.created_at;
  return { cursor, since: new Date(from.getTime() - CATCH_UP_OVERLAP_MS).toISOString() };
}

export async function catchUpMailboxPage(jobId: string, since: string, pageToken: string | null, pageIndex: number) {
  const ctx = await loadJob(jobId);
  let page;
  try {
    page = await withProvider(ctx.integration, (p) => p.listPage(pageToken, { since: new Date(since) }));
  } catch (error) {
    // The ids changed under the catch-up itself: only a full resync is right now.
    if (error instanceof CursorExpiredError && error.fullResync)
      return { next_page_token: null, fetched: 0, inserted: 0, full_resync: true as const, ids_changed: error.idsChanged };
    throw error;
  }
  const result = await ingestPage(ctx, `catch-up:${pageIndex}`, page.messages, true);
  await recordProgress(jobId, page.messages.length, null);
  return { next_page_token: page.next_page_token, fetched: page.messages.length, inserted: result.inserted, full_resync: false as const, ids_changed: false };
}

/** Counts and latest fields from the stored messages, then suggestions that depend on them. */
async function settleSenders(userId: string) {
  await recountSenders(userId);
  await suggestCategories(userId, { all: true });
}

/**
 * Store the cursor the next sync starts from, and complete the job. A full scan or a catch-up
 * recorded messages without counting them: settle the counts first.
 */
export async function finishMailboxJob(jobId: string, syncCursor: SyncCursor | null, options: { settle?: boolean } = {}) {
  const ctx = await loadJob(jobId);
  if (options.settle ?? true) await settleSenders(ctx.user.id);
  const state = readSyncState(ctx.integration.sync_cursor);
  const cursor = syncCursor ?? state.scan?.pending_cursor ?? state.cursor;
  const db = await getDb();
  const now = new Date();
  await db
    .update(emailIntegrations)
    .set({ sync_cursor: { cursor, scan: null }, last_sync_at: now, last_error: null, status: "connected", updated_at: now })
    .where(and(eq(emailIntegrations.id, ctx.integration.id), sql`${emailIntegrations.status} <> 'disconnected'`));
  const [job] = await db
    .update(scanJobs)
    .set({ status: "completed", progress: 100, finished_at: now, updated_at: now })
    .where(eq(scanJobs.id, jobId))
    .returning();
  return { processed: job.processed };
}

/**
 * The job failed for good (retries exhausted, refused credentials, disconnected mailbox): say why,
 * keep everything scanned so far, and keep the resume point so the next scan continues from it.
 */
export async function failMailboxJob(jobId: string, reason: string) {
  const db = await getDb();
  const now = new Date();
  const message = reason.slice(0, 500);
  const [job] = await db
    .update(scanJobs)
    .set({ status: "failed", error: message, finished_at: now, updated_at: now })
    .where(and(eq(scanJobs.id, jobId), eq(scanJobs.status, "processing")))
    .returning();
  if (!job?.integration_id) return;
  const refused = /refused our credentials/.test(message);
  await queryRows(
    db,
    sql`update email_integrations set last_error = ${message}, updated_at = now(),
          status = case when status = 'disconnected' then status when ${refused} then 'error' else status end
        where id = ${job.integration_id} returning id`,
  );
}
