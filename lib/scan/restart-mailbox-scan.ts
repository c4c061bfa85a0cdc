import { and, eq, sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { emailIntegrations, emailMessages, scanJobs } from "@/lib/db/schema";
import { callMailbox } from "./call-mailbox";
import { loadMailboxJob } from "./load-mailbox-job";
import type { SyncState } from "./sync-state";

/**
 * List the whole mailbox again from a fresh cursor. When the provider's message ids changed
 * (`forgetMessages`), the stored messages go first: they are keyed by ids that now mean nothing, and
 * the resync stores each message again under its new id (senders and their categories stay; counts
 * settle when the job finishes). Mail no newer than the newest message already stored had its chance
 * to ring (by the mail server's own clock), so only mail newer than that may ring during the resync.
 */
export async function restartMailboxScan(jobId: string, options: { forgetMessages: boolean }) {
  const ctx = await loadMailboxJob(jobId);
  const pending = await callMailbox(ctx.integration, (p) => p.currentCursor());
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
