import { inngest } from "@/inngest/client";
import { mailSyncRequestedEvent } from "@/inngest/events";
import { createDueSyncJobs } from "@/lib/scan/start-mailbox-job";

/** How often every connected mailbox is synced (MAIL_SYNC_INTERVAL_MINUTES, default 10). */
export const MAIL_SYNC_CRON = `*/${Math.min(59, Math.max(1, Number(process.env.MAIL_SYNC_INTERVAL_MINUTES ?? 10) || 10))} * * * *`;

/** The sync schedule: one sync job per idle, connected, already-scanned mailbox, fanned out as events. */
export const scheduleMailboxSyncs = inngest.createFunction(
  { id: "schedule-mailbox-syncs", triggers: [{ cron: MAIL_SYNC_CRON }], concurrency: { limit: 1 } },
  async ({ step }) => {
    const jobs = await step.run("create-sync-jobs", () => createDueSyncJobs());
    if (jobs.length) {
      await step.sendEvent(
        "request-syncs",
        jobs.map((j) => mailSyncRequestedEvent.create({ user_id: j.user_id, integration_id: j.integration_id, job_id: j.job_id }, { id: `mailbox-job-${j.job_id}` })),
      );
    }
    return { scheduled: jobs.length };
  },
);
