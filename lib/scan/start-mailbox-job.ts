import { and, eq, lt, sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { scanJobs } from "@/lib/db/schema";
import { resolveConnectedIntegration } from "@/lib/integrations/get-integration-or-throw";
import { sendEvent } from "@/lib/events/send-event";

// A job that has not moved for this long lost its workflow (an event dropped on the floor).
const STALLED_AFTER_MS = 30 * 60_000;

/**
 * Start a full scan (or an incremental sync) of one of the user's mailboxes and hand it to the
 * workflow. A job already running for that mailbox is returned instead of queueing a second one.
 */
export async function startMailboxJob(userId: string, kind: "scan" | "sync", options: { integration_id?: string } = {}) {
  const integration = await resolveConnectedIntegration(userId, options.integration_id);
  const db = await getDb();
  await db
    .update(scanJobs)
    .set({ status: "failed", error: "The job stalled and was replaced by a new one", finished_at: new Date(), updated_at: new Date() })
    .where(
      and(eq(scanJobs.integration_id, integration.id), eq(scanJobs.status, "processing"), lt(scanJobs.updated_at, new Date(Date.now() - STALLED_AFTER_MS))),
    );
  const [running] = await db
    .select()
    .from(scanJobs)
    .where(and(eq(scanJobs.integration_id, integration.id), eq(scanJobs.status, "processing")))
    .limit(1);
  if (running) return { job_id: running.id, status: running.status, integration_id: integration.id, created: false };

  const [job] = await queryRows<{ id: string }>(
    db,
    sql`insert into scan_jobs (user_id, integration_id, kind, status) values (${userId}, ${integration.id}, ${kind}, 'processing') returning id`,
  );
  await sendEvent({
    name: kind === "scan" ? "mail/scan.requested" : "mail/sync.requested",
    data: { user_id: userId, integration_id: integration.id, job_id: job!.id },
    id: `mailbox-job-${job!.id}`,
  });
  return { job_id: job!.id, status: "processing" as const, integration_id: integration.id, created: true };
}

/** For the sync schedule: a new sync job for every connected mailbox that has finished a scan and is idle. */
export async function createDueSyncJobs(): Promise<{ user_id: string; integration_id: string; job_id: string }[]> {
  const db = await getDb();
  return queryRows(
    db,
    sql`insert into scan_jobs (user_id, integration_id, kind, status)
        select i.user_id, i.id, 'sync', 'processing'
          from email_integrations i
          join users u on u.id = i.user_id and u.deleted_at is null
         where i.status = 'connected' and i.sync_cursor -> 'cursor' is not null and i.sync_cursor -> 'cursor' <> 'null'::jsonb
           and not exists (select 1 from scan_jobs j where j.integration_id = i.id and j.status = 'processing')
        returning user_id, integration_id, id as job_id`,
  );
}
