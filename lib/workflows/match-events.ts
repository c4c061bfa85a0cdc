import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "@/lib/db";
import { compileExpression, type CompiledExpression } from "./expression";
import type { RunnerContext } from "./runner-context";
import { epochMs, jsonParam, textList, timestampParam } from "./sql-values";

/*
 * What an incoming event does besides starting runs: it cancels the active runs whose cancelOn it
 * matches, and it completes the step.waitForEvent waits it matches. Both compare it (`async`) with the
 * run's own event (`event`) through the runner's CEL subset, inside the dispatching transaction.
 */

export type DispatchedEvent = { id: string; name: string; payload: Record<string, unknown> };

const ACTIVE = sql`('queued', 'running', 'sleeping')`;
const compiledWaitConditions = new Map<string, CompiledExpression>();

/** Names among `names` that a pending wait of an active run listens for. */
export async function waitedEventNames(tx: Tx, names: string[]): Promise<Set<string>> {
  if (!names.length) return new Set();
  const rows = await queryRows<{ wait_event: string }>(
    tx,
    sql`select distinct s.wait_event from workflow_steps s join workflow_runs r on r.id = s.run_id
        where s.kind = 'wait' and s.wait_event in (${textList(names)}) and r.status in ${ACTIVE}`,
  );
  return new Set(rows.map((r) => r.wait_event));
}

/**
 * Cancel the active runs of this runner's functions that `event` matches a cancelOn of: queued and
 * sleeping runs never run again; a running run keeps its lease until its current step ends, and its
 * runner then stops it (the run's writes need status running). Returns how many were cancelled.
 */
export async function cancelMatchingRuns(ctx: RunnerContext, tx: Tx, event: DispatchedEvent, now: Date): Promise<number> {
  let cancelled = 0;
  for (const config of ctx.functions.values()) {
    const triggers = config.cancelOn.filter((c) => c.event === event.name);
    if (!triggers.length) continue;
    const runs = await queryRows<{ id: string; event: Record<string, unknown>; created: number }>(
      tx,
      sql`select id, event, ${epochMs(sql`created_at`)} as created from workflow_runs
          where function_id = ${config.id} and handler = 'main' and status in ${ACTIVE} order by id`,
    );
    const ids = runs
      .filter((run) =>
        triggers.some((trigger) => {
          if (trigger.timeout) {
            const until = "at" in trigger.timeout ? trigger.timeout.at.getTime() : Number(run.created) + trigger.timeout.ms;
            if (now.getTime() > until) return false;
          }
          return !trigger.condition || trigger.condition.matches({ event: run.event, async: event.payload });
        }),
      )
      .map((run) => run.id);
    if (!ids.length) continue;
    const error = { name: "Cancelled", message: `Cancelled by event "${event.name}" (${event.id})` };
    const rows = await queryRows(
      tx,
      sql`update workflow_runs set status = 'cancelled', error = ${jsonParam(error)}, finished_at = ${timestampParam(now)}, updated_at = ${timestampParam(now)}
          where id in (${textList(ids)}) and status in ${ACTIVE} returning id`,
    );
    cancelled += rows.length;
  }
  return cancelled;
}

/**
 * Complete every pending wait for `event.name` that was registered before the event was published,
 * has not timed out and whose condition matches: the step's result is the whole event, and a sleeping
 * run is due at once. Waits of any function count (the event is global, whichever runner dispatches
 * it). A wait that timed out in the meantime, or that another event completed first, is left alone:
 * only a step still of kind "wait" is updated. Returns how many waits were completed.
 */
export async function resolveMatchingWaits(tx: Tx, event: DispatchedEvent, now: Date): Promise<number> {
  const waits = await queryRows<{ run_id: string; step_key: string; wait_if: string | null; run_event: Record<string, unknown> }>(
    tx,
    sql`select s.run_id, s.step_key, s.wait_if, r.event as run_event from workflow_steps s join workflow_runs r on r.id = s.run_id
        where s.kind = 'wait' and s.wait_event = ${event.name} and s.wake_at > ${timestampParam(now)}
          and s.created_at <= (select created_at from workflow_events where id = ${event.id}) and r.status in ${ACTIVE}
        order by s.run_id, s.step_key`,
  );
  let resolved = 0;
  for (const wait of waits) {
    if (wait.wait_if && !conditionOf(wait.wait_if).matches({ event: wait.run_event, async: event.payload })) continue;
    const done = await queryRows(
      tx,
      sql`update workflow_steps set kind = 'data', data = ${jsonParam(event.payload)}, completed_at = ${timestampParam(now)}
          where run_id = ${wait.run_id} and step_key = ${wait.step_key} and kind = 'wait' returning run_id`,
    );
    if (!done.length) continue;
    resolved += 1;
    await tx.execute(sql`update workflow_runs set run_at = ${timestampParam(now)} where id = ${wait.run_id} and status = 'sleeping'`);
  }
  return resolved;
}

/** The wait's condition; it compiled when the wait was stored, so it compiles here too. */
function conditionOf(source: string): CompiledExpression {
  let compiled = compiledWaitConditions.get(source);
  if (!compiled) {
    compiled = compileExpression(source, ["event", "async"]);
    if (compiledWaitConditions.size > 1000) compiledWaitConditions.clear();
    compiledWaitConditions.set(source, compiled);
  }
  return compiled;
}
