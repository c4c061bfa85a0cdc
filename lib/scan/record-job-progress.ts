import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import type { SyncState } from "./sync-state";

/**
 * Count a page as processed. Progress only ever moves forward, and reaches 100 only when the job
 * completes. A scan's resume point is saved in the same statement (one round trip per page).
 */
export async function recordJobProgress(jobId: string, fetched: number, total: number | null, resume?: { integrationId: string; state: SyncState }) {
  const db = await getDb();
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
