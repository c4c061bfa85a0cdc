import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { emailIntegrations, scanJobs } from "@/lib/db/schema";
import type { SyncCursor } from "@/lib/providers/mail/types";
import { loadMailboxJob } from "./load-mailbox-job";
import { settleSenders } from "./settle-senders";
import { readSyncState } from "./sync-state";

/**
 * Store the cursor the next sync starts from, and complete the job. A full scan or a catch-up
 * recorded messages without counting them: settle the counts first.
 */
export async function finishMailboxJob(jobId: string, syncCursor: SyncCursor | null, options: { settle?: boolean } = {}) {
  const ctx = await loadMailboxJob(jobId);
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
  return { processed: job!.processed };
}
