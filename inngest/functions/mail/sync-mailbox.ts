import { NonRetriableError } from "inngest";
import { inngest } from "@/lib/events/client";
import { mailScanRequestedEvent, mailSyncRequestedEvent } from "@/lib/events/catalogue";
import type { SyncCursor } from "@/lib/providers/mail/types";
import { beginMailboxJob } from "@/lib/scan/begin-mailbox-job";
import { beginCatchUp, catchUpMailboxPage } from "@/lib/scan/catch-up-mailbox";
import { failMailboxJob } from "@/lib/scan/fail-mailbox-job";
import { finishMailboxJob } from "@/lib/scan/finish-mailbox-job";
import { MailboxJobEndedError } from "@/lib/scan/mailbox-job-errors";
import { restartMailboxScan } from "@/lib/scan/restart-mailbox-scan";
import { scanMailboxPage } from "@/lib/scan/scan-mailbox-page";
import { syncMailboxPage } from "@/lib/scan/sync-mailbox-page";
import { refineSenderTypes } from "@/lib/senders/refine-sender-types";

/** A step of the job: an error that ends the job for good (lib/scan says which) is not retried. */
async function jobStep<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MailboxJobEndedError) throw new NonRetriableError(error.message, { cause: error });
    throw error;
  }
}

// Far beyond any real mailbox (a million pages); only a provider that never ends a listing hits it.
const MAX_PAGES = 1_000_000;

/**
 * Full scan or incremental sync of one mailbox, one page per step: a crash resumes after the last
 * recorded page, and each page is applied once. One job per mailbox at a time (scan and sync share
 * this function, so they never overlap). When retries run out, the job ends failed with a reason.
 */
export const syncMailbox = inngest.createFunction(
  {
    id: "sync-mailbox",
    triggers: [mailScanRequestedEvent, mailSyncRequestedEvent],
    concurrency: { key: "event.data.integration_id", limit: 1 },
    retries: 4,
    onFailure: async ({ event, error }) => {
      const jobId = (event.data.event.data as { job_id: string }).job_id;
      await failMailboxJob(jobId, error.message);
    },
  },
  async ({ event, step }) => {
    const jobId = (event.data as { job_id: string }).job_id;
    const begin = await step.run("begin", () => jobStep(() => beginMailboxJob(jobId)));
    let cursor: SyncCursor | null = null;
    // Full scans and catch-ups record messages without counting them; the finish step settles counts.
    let settle = begin.mode === "scan";
    // Step ids stay unique and stable across a restarted listing: the page index only ever grows.
    let pageIndex = 0;
    const scanAll = async (startToken: string | null) => {
      let token = startToken;
      while (pageIndex < MAX_PAGES) {
        const i = pageIndex++;
        const from = token;
        const page = await step.run(`scan-page-${i}`, () => jobStep(() => scanMailboxPage(jobId, from, i)));
        // The provider refused the page token (its ids changed): the listing starts over.
        token = page.restarted ? null : page.next_page_token;
        if (!token && !page.restarted) break;
      }
    };

    if (begin.mode === "scan") {
      await scanAll(begin.page_token);
    } else {
      let token: string | null = null;
      let expired: false | { full_resync: boolean; ids_changed: boolean } = false;
      cursor = begin.cursor;
      for (let i = 0; i < MAX_PAGES; i++) {
        const from = begin.cursor;
        const page = await step.run(`changes-${i}`, () => jobStep(() => syncMailboxPage(jobId, from, token)));
        if (page.expired) {
          expired = { full_resync: page.full_resync, ids_changed: page.ids_changed };
          break;
        }
        if (page.cursor) cursor = page.cursor;
        token = page.next_page_token;
        if (!token) break;
      }
      if (expired && !expired.full_resync) {
        settle = true;
        // Never silently skip mail: list everything since the last sync under a fresh cursor.
        const catchUp = await step.run("catch-up-begin", () => jobStep(() => beginCatchUp(jobId)));
        cursor = catchUp.cursor;
        let catchToken: string | null = null;
        for (let i = 0; i < MAX_PAGES; i++) {
          const page = await step.run(`catch-up-${i}`, () => jobStep(() => catchUpMailboxPage(jobId, catchUp.since, catchToken)));
          if (page.full_resync) {
            expired = { full_resync: true, ids_changed: page.ids_changed };
            break;
          }
          catchToken = page.next_page_token;
          if (!catchToken) break;
        }
      }
      if (expired && expired.full_resync) {
        // The provider can only start over (Graph delta 410), or every stored message id is void
        // (IMAP UIDVALIDITY: forget them): list the whole mailbox, finished under the cursor taken
        // before listing.
        settle = true;
        cursor = null;
        const forgetMessages = expired.ids_changed;
        await step.run("resync-begin", () => jobStep(() => restartMailboxScan(jobId, { forgetMessages })));
        await scanAll(null);
      }
    }

    await step.run("refine-sender-types", () => refineSenderTypes(jobId));
    const finalCursor = cursor;
    return step.run("finish", () => jobStep(() => finishMailboxJob(jobId, finalCursor, { settle })));
  },
);
