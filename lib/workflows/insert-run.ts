import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/lib/db";
import { admitFlow } from "./flow-limits";
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
 * Queue a run of `config` for an event. Idempotency and rateLimit come first: an event over them
 * starts no run (recorded as skipped, with why). Then the singleton mode: "skip" records the new run
 * as skipped while another is active for the key, "cancel" cancels the active ones. Returns false when
 * this function already has a run for this event id (a re-dispatched event or a cron slot another
 * instance fired). The caller holds the singleton key's advisory lock.
 */
export async function insertRun(tx: DbOrTx, run: NewRun): Promise<boolean> {
  const { config, now } = run;
  const isMain = run.handler === "main";
  const existing = await queryRows(
    tx,
    sql`select 1 from workflow_runs where function_id = ${config.id} and handler = ${run.handler} and event_id = ${run.eventId}`,
  );
  if (existing.length) return false;
  const singletonKey = isMain && config.singleton ? config.singleton.key(run.event) : null;
  let status: "queued" | "skipped" = "queued";
  let skipReason: { name: string; message: string } | null = null;
  const gate = isMain
    ? config.idempotency
      ? { kind: "idempotency", limit: config.idempotency }
      : config.rateLimit && { kind: "ratelimit", limit: config.rateLimit }
    : null;
  if (gate) {
    const key = gate.limit.key(run.event);
    const admission = await admitFlow(tx, `${gate.kind}:${config.id}:${key}`, gate.limit, now);
    if (!admission.admitted) {
      status = "skipped";
      skipReason =
        gate.kind === "idempotency"
          ? { name: "Idempotent", message: `A run for idempotency key "${key}" already started within 24 hours` }
          : { name: "RateLimited", message: `Over the rate limit for key "${key}": no run started` };
    }
  }
  if (status === "queued" && singletonKey && config.singleton) {
    if (config.singleton.mode === "skip") {
      const active = await queryRows(
        tx,
        sql`select 1 from workflow_runs where singleton_key = ${singletonKey} and status in ('queued', 'running', 'sleeping') limit 1`,
      );
      if (active.length) {
        status = "skipped";
        skipReason = { name: "Skipped", message: "Another run is active for this singleton key" };
      }
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
  const throttleKey = isMain && config.throttle ? `throttle:${config.id}:${config.throttle.key(run.event)}` : null;
  const inserted = await queryRows(
    tx,
    sql`insert into workflow_runs (function_id, handler, event_id, event, status, concurrency, singleton_key, throttle_key, created_at, run_at, finished_at, error)
        values (${config.id}, ${run.handler}, ${run.eventId}, ${jsonParam(run.event)}, ${status}, ${jsonParam(concurrency)},
                ${singletonKey}, ${throttleKey}, ${timestampParam(now)}, ${timestampParam(now)}, ${status === "skipped" ? timestampParam(now) : null},
                ${skipReason ? jsonParam(skipReason) : null})
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
