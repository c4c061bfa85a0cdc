import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/lib/db";
import type { WorkflowFunctionConfig } from "./function-config";
import { jsonParam, timestampParam } from "./sql-values";

export type NewRun = {
  config: WorkflowFunctionConfig;
  handler: "main" | "failure";
  eventId: string;
  event: Record<string, unknown>;
  now: Date;
};

/**
 * Queue a run of `config` for an event, applying the function's singleton mode first: "skip" records
 * the new run as skipped while another is active for the key, "cancel" cancels the active ones.
 * Returns false when this function already has a run for this event id (a re-dispatched event or a
 * cron slot another instance fired). The caller holds the singleton key's advisory lock.
 */
export async function insertRun(tx: DbOrTx, run: NewRun): Promise<boolean> {
  const { config, now } = run;
  const isMain = run.handler === "main";
  const singletonKey = isMain && config.singleton ? config.singleton.key(run.event) : null;
  let status: "queued" | "skipped" = "queued";
  if (singletonKey && config.singleton) {
    if (config.singleton.mode === "skip") {
      const active = await queryRows(
        tx,
        sql`select 1 from workflow_runs where singleton_key = ${singletonKey} and status in ('queued', 'running', 'sleeping') limit 1`,
      );
      if (active.length) status = "skipped";
    } else {
      // A cancelled run keeps its lease until its current step ends, so it still holds the key.
      await tx.execute(
        sql`update workflow_runs set status = 'cancelled', finished_at = ${timestampParam(now)}, updated_at = ${timestampParam(now)},
              error = ${jsonParam({ name: "Cancelled", message: "Replaced by a newer run (singleton cancel)" })}
            where singleton_key = ${singletonKey} and status in ('queued', 'running', 'sleeping')`,
      );
    }
  }
  const concurrency = isMain ? config.concurrencyKeys(run.event) : [];
  const inserted = await queryRows(
    tx,
    sql`insert into workflow_runs (function_id, handler, event_id, event, status, concurrency, singleton_key, run_at, finished_at)
        values (${config.id}, ${run.handler}, ${run.eventId}, ${jsonParam(run.event)}, ${status}, ${jsonParam(concurrency)},
                ${singletonKey}, ${timestampParam(now)}, ${status === "skipped" ? timestampParam(now) : null})
        on conflict (function_id, handler, event_id) do nothing returning id`,
  );
  return inserted.length > 0;
}

/** Singleton keys `runs` will touch, to lock in a stable order before inserting any of them. */
export function singletonKeysOf(runs: Pick<NewRun, "config" | "handler" | "event">[]): string[] {
  const keys = new Set<string>();
  for (const r of runs) if (r.handler === "main" && r.config.singleton) keys.add(r.config.singleton.key(r.event));
  return [...keys].sort();
}

/** Serialize run creation per singleton key across instances (released at commit). */
export async function lockSingletonKeys(tx: DbOrTx, keys: string[]): Promise<void> {
  for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`pookai-singleton:${key}`}))`);
}
