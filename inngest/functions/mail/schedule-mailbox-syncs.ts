import { inngest } from "@/lib/events/client";
import { mailSyncRequestedEvent } from "@/lib/events/catalogue";
import { env } from "@/lib/env";
import { createDueSyncJobs } from "@/lib/scan/start-mailbox-job";

/**
 * The cron of "every `minutes` minutes". A minute step of N is only regular when N divides 60 (a step
 * of 45 fires at :00 and :45), so an interval is rounded down to one that does; 60 or more is hourly.
 */
export function syncCron(minutes: number): string {
  const wanted = Number.isFinite(minutes) && minutes >= 1 ? Math.floor(minutes) : 10;
  if (wanted >= 60) return "0 * * * *";
  const divisor = [30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1].find((d) => d <= wanted)!;
  return divisor === 1 ? "* * * * *" : `*/${divisor} * * * *`;
}

/** How often every connected mailbox is synced (MAIL_SYNC_INTERVAL_MINUTES, default 10). */
export const MAIL_SYNC_CRON = syncCron(Number(env().MAIL_SYNC_INTERVAL_MINUTES ?? 10));

/** The sync schedule: one sync job per idle, connected, already-scanned mailbox, fanned out as events. */
export const scheduleMailboxSyncs = inngest.createFunction(
  { id: "schedule-mailbox-syncs", triggers: [{ cron: MAIL_SYNC_CRON }], concurrency: { limit: 1 } },
  async ({ step }) => {
    const jobs = await step.run("create-sync-jobs", () => createDueSyncJobs());
    if (jobs.length) {
      await step.sendEvent(
        "request-syncs",
        jobs.map((j) =>
          mailSyncRequestedEvent.create({ user_id: j.user_id, integration_id: j.integration_id, job_id: j.job_id }, { id: `mailbox-job-${j.job_id}` }),
        ),
      );
    }
    return { scheduled: jobs.length };
  },
);
