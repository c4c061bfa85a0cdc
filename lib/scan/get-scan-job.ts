import { and, eq } from "drizzle-orm";
import { notFound } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { scanJobs } from "@/lib/db/schema";
import { uuidSchema } from "@/lib/schemas/common";

export type ScanJobRow = typeof scanJobs.$inferSelect;

export function serializeScanJob(j: ScanJobRow) {
  return {
    job_id: j.id,
    kind: j.kind,
    integration_id: j.integration_id,
    status: j.status,
    progress: j.progress,
    processed: j.processed,
    total: j.total,
    error: j.error,
    started_at: j.started_at.toISOString(),
    finished_at: j.finished_at?.toISOString() ?? null,
  };
}

/** The user's scan or sync job; another user's job is NOT_FOUND. */
export async function getScanJob(userId: string, jobId: string) {
  if (!uuidSchema.safeParse(jobId).success) throw notFound("Scan job");
  const db = await getDb();
  const [job] = await db
    .select()
    .from(scanJobs)
    .where(and(eq(scanJobs.id, jobId), eq(scanJobs.user_id, userId)))
    .limit(1);
  if (!job) throw notFound("Scan job");
  return serializeScanJob(job);
}
