import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { isTriggeredBy } from "./function-config";
import { insertRun, lockSingletonKeys, singletonKeysOf, type NewRun } from "./insert-run";
import { cancelMatchingRuns, resolveMatchingWaits, waitedEventNames, type DispatchedEvent } from "./match-events";
import type { RunnerContext } from "./runner-context";
import { textList, timestampParam } from "./sql-values";

const BATCH = 100;

/**
 * Dispatch stored events in arrival order, one batch per transaction, and mark them dispatched. Each
 * event first cancels the runs whose cancelOn it matches, then completes the waits it matches, then
 * fans out into runs of the functions it triggers. SKIP LOCKED lets several instances share the inbox
 * without taking an event twice; a batch that can cancel runs or complete waits also takes one
 * advisory lock, so two instances never match events against the same runs at once (the row locks of
 * two such batches could otherwise be taken in opposite orders). Returns the number of events handled.
 */
export async function dispatchPendingEvents(ctx: RunnerContext): Promise<number> {
  const db = await getDb();
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const events = await queryRows<DispatchedEvent>(
      tx,
      sql`select id, name, payload from workflow_events where dispatched_at is null
          order by seq limit ${BATCH} for update skip locked`,
    );
    if (!events.length) return 0;
    const runsByEvent = events.map((event) => {
      const runs: NewRun[] = [];
      for (const config of ctx.functions.values()) {
        if (isTriggeredBy(config, event.name)) runs.push({ config, handler: "main", eventId: event.id, event: event.payload, now });
      }
      return runs;
    });
    const cancelNames = new Set([...ctx.functions.values()].flatMap((c) => c.cancelOn.map((t) => t.event)));
    const waited = await waitedEventNames(tx, [...new Set(events.map((e) => e.name))]);
    const matches = events.some((e) => cancelNames.has(e.name) || waited.has(e.name));
    // Lock order everywhere: event matching, then singleton keys (sorted), then rows.
    if (matches) await tx.execute(sql`select pg_advisory_xact_lock(hashtext('pookai-event-matching'))`);
    await lockSingletonKeys(tx, singletonKeysOf(runsByEvent.flat()));
    for (const [i, event] of events.entries()) {
      if (cancelNames.has(event.name)) await cancelMatchingRuns(ctx, tx, event, now);
      if (waited.has(event.name)) await resolveMatchingWaits(tx, event, now);
      for (const run of runsByEvent[i]!) await insertRun(tx, run);
    }
    await tx.execute(sql`update workflow_events set dispatched_at = ${timestampParam(now)} where id in (${textList(events.map((e) => e.id))})`);
    return events.length;
  });
}
