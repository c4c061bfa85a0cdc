import { CursorExpiredError } from "@/lib/providers/mail/types";
import { callMailbox } from "./call-mailbox";
import { ingestJobPage } from "./ingest-job-page";
import { loadMailboxJob } from "./load-mailbox-job";
import { recordJobProgress } from "./record-job-progress";

// Mail received this long before the last sync is listed again after an expired cursor: overlap is
// free (messages are stored once) and a gap would lose mail.
const CATCH_UP_OVERLAP_MS = 3600_000;

/** After an expired cursor: take a fresh cursor first, then list everything since the last sync. */
export async function beginCatchUp(jobId: string) {
  const ctx = await loadMailboxJob(jobId);
  const cursor = await callMailbox(ctx.integration, (p) => p.currentCursor());
  const from = ctx.integration.last_sync_at ?? ctx.integration.created_at;
  return { cursor, since: new Date(from.getTime() - CATCH_UP_OVERLAP_MS).toISOString() };
}

/** One page of the catch-up listing; `full_resync` when the ids changed under the catch-up itself. */
export async function catchUpMailboxPage(jobId: string, since: string, pageToken: string | null) {
  const ctx = await loadMailboxJob(jobId);
  let page;
  try {
    page = await callMailbox(ctx.integration, (p) => p.listPage(pageToken, { since: new Date(since) }));
  } catch (error) {
    // The ids changed under the catch-up itself: only a full resync is right now.
    if (error instanceof CursorExpiredError && error.fullResync)
      return { next_page_token: null, fetched: 0, inserted: 0, full_resync: true as const, ids_changed: error.idsChanged };
    throw error;
  }
  const result = await ingestJobPage(ctx, page.messages, true);
  await recordJobProgress(jobId, page.messages.length, null);
  return { next_page_token: page.next_page_token, fetched: page.messages.length, inserted: result.inserted, full_resync: false as const, ids_changed: false };
}
