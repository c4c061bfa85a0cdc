import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { scanJobs } from "@/lib/db/schema";
import type { SyncCursor } from "@/lib/providers/mail/types";
import { callMailbox } from "./call-mailbox";
import { loadMailboxJob } from "./load-mailbox-job";
import { recordJobProgress } from "./record-job-progress";
import { readSyncState, saveSyncState } from "./sync-state";

export type BeginResult = { mode: "sync"; cursor: SyncCursor } | { mode: "scan"; page_token: string | null };

/**
 * First step of a mailbox job. A sync with a stored cursor continues from it; anything else is a
 * full scan: it resumes an unfinished one (a failed or killed scan continues where it stopped), or
 * takes the provider's "now" cursor before listing so that mail arriving during the scan is synced.
 */
export async function beginMailboxJob(jobId: string): Promise<BeginResult> {
  const ctx = await loadMailboxJob(jobId);
  const state = readSyncState(ctx.integration.sync_cursor);
  if (ctx.job.kind === "sync" && state.cursor && !state.scan) return { mode: "sync", cursor: state.cursor };
  const db = await getDb();
  if (state.scan) {
    await db
      .update(scanJobs)
      .set({ kind: "scan", processed: state.scan.processed, total: state.scan.total, updated_at: new Date() })
      .where(eq(scanJobs.id, jobId));
    await recordJobProgress(jobId, 0, state.scan.total);
    return { mode: "scan", page_token: state.scan.page_token };
  }
  const pending = await callMailbox(ctx.integration, (p) => p.currentCursor());
  await saveSyncState(ctx.integration.id, { cursor: state.cursor, scan: { page_token: null, processed: 0, total: null, pending_cursor: pending } });
  if (ctx.job.kind !== "scan") await db.update(scanJobs).set({ kind: "scan" }).where(eq(scanJobs.id, jobId));
  return { mode: "scan", page_token: null };
}
