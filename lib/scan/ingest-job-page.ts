import { requestPendingCalls } from "@/lib/calls/add-urgent-mail-to-call";
import { ingestMessages } from "./ingest-messages";
import type { MailboxJob } from "./load-mailbox-job";
import { readSyncState } from "./sync-state";

/** Record one page a job fetched and hand the urgent calls it may have started to the call workflow. */
export async function ingestJobPage(job: MailboxJob, messages: Parameters<typeof ingestMessages>[1], deferCounts = false) {
  const urgentSince = readSyncState(job.integration.sync_cursor).scan?.urgent_since;
  const result = await ingestMessages(
    {
      userId: job.user.id,
      userEmail: job.user.email,
      integrationId: job.integration.id,
      urgentNotBefore: urgentSince ? new Date(Math.max(job.integration.created_at.getTime(), Date.parse(urgentSince))) : job.integration.created_at,
      deferCounts,
    },
    messages,
  );
  // Only a page with recent mail can have scheduled a call (this time or on an earlier attempt whose
  // request was lost with its process): hand the user's pending calls to the workflow (ids dedupe).
  if (result.recent) await requestPendingCalls(job.user.id);
  return result;
}
