import { withMailProvider } from "@/lib/integrations/mail-provider-pool";
import { CursorExpiredError } from "@/lib/providers/mail/types";
import { callMailbox } from "./call-mailbox";
import { ingestJobPage } from "./ingest-job-page";
import { loadMailboxJob } from "./load-mailbox-job";
import { prefetchPages, takePrefetchedPage } from "./page-prefetch";
import { recordJobProgress } from "./record-job-progress";
import { restartMailboxScan } from "./restart-mailbox-scan";
import { settleSenders } from "./settle-senders";
import { readSyncState } from "./sync-state";

const RECOUNT_EVERY_PAGES = 10;
// Pages fetched ahead of the one being written (bounded memory: a page is at most a few MB).
const PREFETCH_PAGES = 3;

/**
 * One page of a full scan: fetch, record, remember where the next page starts. A page token the
 * provider no longer honours (IMAP UIDVALIDITY changed during the scan, or before it resumed)
 * restarts the scan from the top: `restarted` tells the workflow to list from the first page again.
 */
export async function scanMailboxPage(jobId: string, pageToken: string | null, pageIndex: number) {
  const ctx = await loadMailboxJob(jobId);
  const list = (token: string | null) => callMailbox(ctx.integration, (p) => p.listPage(token));
  let page;
  try {
    page = await (takePrefetchedPage(ctx.integration.id, pageToken)?.catch(() => list(pageToken)) ?? list(pageToken));
  } catch (error) {
    if (!(error instanceof CursorExpiredError) || !pageToken) throw error;
    await restartMailboxScan(jobId, { forgetMessages: error.idsChanged });
    return { next_page_token: null, fetched: 0, inserted: 0, restarted: true as const };
  }
  // Pages fetched ahead are only a cache: a failure there is met again (and judged) by the step that needs the page.
  prefetchPages(ctx.integration.id, page.next_page_token, (token) => withMailProvider(ctx.integration, (p) => p.listPage(token)), PREFETCH_PAGES);
  const result = await ingestJobPage(ctx, page.messages, true);
  // Counts settle at checkpoints, so the triage view fills in while a long scan runs (the last page
  // needs none: finishing the job settles them).
  if (page.next_page_token && pageIndex % RECOUNT_EVERY_PAGES === RECOUNT_EVERY_PAGES - 1) await settleSenders(ctx.user.id);
  // This job is the only writer of the mailbox's scan state (one job per mailbox at a time).
  const state = readSyncState(ctx.integration.sync_cursor);
  const total = page.estimated_total ?? state.scan?.total ?? null;
  const scan = state.scan && {
    ...state,
    scan: { ...state.scan, page_token: page.next_page_token, processed: state.scan.processed + page.messages.length, total },
  };
  await recordJobProgress(jobId, page.messages.length, total, scan ? { integrationId: ctx.integration.id, state: scan } : undefined);
  return { next_page_token: page.next_page_token, fetched: page.messages.length, inserted: result.inserted, restarted: false as const };
}
