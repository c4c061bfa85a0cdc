import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { isTriggeredBy } from "./function-config";
import { insertRun, lockSingletonKeys, singletonKeysOf, type NewRun } from "./insert-run";
import type { RunnerContext } from "./runner-context";
import { textList, timestampParam } from "./sql-values";

const BATCH = 100;

/**
 * Fan out stored events into runs of the functions they trigger, one batch per transaction, and mark
 * them dispatched. SKIP LOCKED lets several instances share the inbox without taking an event twice.
 * Returns the number of events handled.
 */
export async function dispatchPendingEvents(ctx: RunnerContext): Promise<number> {
  const db = await getDb();
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const events = await queryRows<{ id: string; name: string; payload: Record<string, unknown> }>(
      tx,
      sql`select id, name, payload from workflow_events where dispatched_at is null
          order by seq limit ${BATCH} for update skip locked`,
    );
    if (!events.length) return 0;
    const runs: NewRun[] = [];
    for (const event of events) {
      for (const config of ctx.functions.values()) {
        if (isTriggeredBy(config, event.name)) runs.push({ config, handler: "main", eventId: event.id, event: event.payload, now });
      }
    }
    await lockSingletonKeys(tx, singletonKeysOf(runs));
    for (const run of runs) await insertRun(tx, run);
    await tx.execute(sql`update workflow_events set dispatched_at = ${timestampParam(now)} where id in (${textList(events.map((e) => e.id))})`);
    return events.length;
  });
}
