import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { emailIntegrations, scanJobs, users } from "@/lib/db/schema";
import { MailboxDisconnectedError, ScanJobGoneError } from "./mailbox-job-errors";

export type MailboxJob = Awaited<ReturnType<typeof loadMailboxJob>>;

/** A running job with its mailbox and user, as each step of the job starts; a job that cannot go on throws. */
export async function loadMailboxJob(jobId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ job: scanJobs, integration: emailIntegrations, user: { id: users.id, email: users.email } })
    .from(scanJobs)
    .innerJoin(emailIntegrations, eq(emailIntegrations.id, scanJobs.integration_id))
    .innerJoin(users, eq(users.id, scanJobs.user_id))
    .where(eq(scanJobs.id, jobId))
    .limit(1);
  if (!row) throw new ScanJobGoneError(`Scan job ${jobId} no longer exists`);
  if (row.job.status !== "processing") throw new ScanJobGoneError(`Scan job ${jobId} is already ${row.job.status}`);
  if (row.integration.status === "disconnected") throw new MailboxDisconnectedError("The mailbox was disconnected during the scan; what was scanned is kept");
  return row;
}
