import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { scanJobs } from "@/lib/db/schema";

/**
 * The job failed for good (retries exhausted, refused credentials, disconnected mailbox): say why,
 * keep everything scanned so far, and keep the resume point so the next scan continues from it.
 * The mailbox's status is left as it is: refused credentials already marked it as in error.
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
  await db.execute(sql`update email_integrations set last_error = ${message}, updated_at = now() where id = ${job.integration_id}`);
}
