import { inngest } from "@/lib/events/client";
import { accountDeletedEvent } from "@/lib/events/catalogue";
import { getUserPurgeAfter, purgeDeletedUsers } from "@/lib/users/purge-deleted-users";

export const PURGE_BATCH_SIZE = 100;
// Daily at 03:00 UTC, so a lost event or a deploy during a user's sleep never leaves data behind.
export const PURGE_CRON = "TZ=UTC 0 3 * * *";
const MAX_BATCHES = 1000;

/**
 * Erase accounts whose deletion grace period is over. On `account/deleted` it sleeps until that
 * user's purge_after; the daily cron sweeps whatever is due. Either way it purges every due user in
 * batches (one step each), so a crash resumes after the last finished batch.
 */
export const purgeDeletedAccounts = inngest.createFunction(
  {
    id: "purge-deleted-accounts",
    triggers: [accountDeletedEvent, { cron: PURGE_CRON }],
    concurrency: { limit: 1 },
    retries: 5,
  },
  async ({ event, step }) => {
    if (event.name === accountDeletedEvent.name) {
      const userId = event.data.user_id;
      const purgeAfter = await step.run("get-purge-after", async () => (await getUserPurgeAfter(userId))?.toISOString() ?? null);
      if (!purgeAfter) return { purged: 0 };
      await step.sleepUntil("wait-for-grace-period", new Date(purgeAfter));
    }
    let purged = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const { purged_user_ids } = await step.run(`purge-batch-${batch}`, () => purgeDeletedUsers({ limit: PURGE_BATCH_SIZE }));
      purged += purged_user_ids.length;
      if (purged_user_ids.length < PURGE_BATCH_SIZE) break;
    }
    return { purged };
  },
);
