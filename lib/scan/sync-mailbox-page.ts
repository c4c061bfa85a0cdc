import { CursorExpiredError, type SyncCursor } from "@/lib/providers/mail/types";
import { callMailbox } from "./call-mailbox";
import { ingestJobPage } from "./ingest-job-page";
import { loadMailboxJob } from "./load-mailbox-job";
import { recordJobProgress } from "./record-job-progress";

/** One page of changes since the stored cursor; `expired` when the provider can no longer answer from it. */
export async function syncMailboxPage(jobId: string, cursor: SyncCursor, pageToken: string | null) {
  const ctx = await loadMailboxJob(jobId);
  let changes;
  try {
    changes = await callMailbox(ctx.integration, (p) => p.listChanges(cursor, pageToken));
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
  const result = await ingestJobPage(ctx, changes.messages);
  await recordJobProgress(jobId, changes.messages.length, null);
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
