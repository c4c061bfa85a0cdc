import { inngest } from "@/inngest/client";
import { mailScanRequestedEvent, mailSyncRequestedEvent } from "@/inngest/events";
import type { SyncCursor } from "@/lib/providers/mail/types";
import {
  beginCatchUp,
  beginMailboxJob,
  catchUpMailboxPage,
  failMailboxJob,
  finishMailboxJob,
  scanMailboxPage,
  syncMailboxPage,
} from "@/lib/scan/run-mailbox-job";
import { refineSenderTypes } from "@/lib/senders/refine-sender-types";

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
    const begin = await step.run("begin", () => beginMailboxJob(jobId));
    let cursor: SyncCursor | null = null;
    // Full scans and catch-ups record messages without counting them; the finish step settles counts.
    let settle = begin.mode === "scan";

    if (begin.mode === "scan") {
      let token = begin.page_token;
      for (let i = 0; i < MAX_PAGES; i++) {
        const page = await step.run(`scan-page-${i}`, () => scanMailboxPage(jobId, token, i));
        token = page.next_page_token;
        if (!token) break;
      }
    } else {
      let token: string | null = null;
      let expired = false;
      cursor = begin.cursor as SyncCursor;
      for (let i = 0; i < MAX_PAGES; i++) {
        const from = begin.cursor as SyncCursor;
        const page = await step.run(`changes-${i}`, () => syncMailboxPage(jobId, from, token, i));
        if (page.expired) {
          expired = true;
          break;
        }
        if (page.cursor) cursor = page.cursor as SyncCursor;
        token = page.next_page_token;
        if (!token) break;
      }
      if (expired) {
        settle = true;
        // Never silently skip mail: list everything since the last sync under a fresh cursor.
        const catchUp = await step.run("catch-up-begin", () => beginCatchUp(jobId));
        cursor = catchUp.cursor as SyncCursor;
        let catchToken: string | null = null;
        for (let i = 0; i < MAX_PAGES; i++) {
          const page = await step.run(`catch-up-${i}`, () => catchUpMailboxPage(jobId, catchUp.since, catchToken, i));
          catchToken = page.next_page_token;
          if (!catchToken) break;
        }
      }
    }

    await step.run("refine-sender-types", () => refineSenderTypes(jobId));
    const finalCursor = cursor;
    return step.run("finish", () => finishMailboxJob(jobId, finalCursor, { settle }));
  },
);
