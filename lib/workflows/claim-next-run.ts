import { sql } from "drizzle-orm";
import { getDb, queryRows, type Tx } from "@/lib/db";
import { admitFlow } from "./flow-limits";
import type { RunnerContext } from "./runner-context";
import { jsonParam, textList, timestampParam } from "./sql-values";

export type ClaimedRun = {
  id: string;
  function_id: string;
  handler: "main" | "failure";
  event: Record<string, unknown>;
  attempt: number;
  /** The previous owner's lease expired mid-run (its process died): counted as a failed attempt. */
  reclaimed: boolean;
};

type Candidate = {
  id: string;
  function_id: string;
  status: string;
  attempt: number;
  concurrency: { key: string; limit: number }[];
  throttle_key: string | null;
  started: boolean;
};

const CANDIDATES = 100;

/**
 * Take the lease on the oldest due run this runner can execute: queued or sleeping runs whose time
 * has come, and running runs whose lease expired. Rows are taken FOR UPDATE SKIP LOCKED so instances
 * never claim the same run, and a run is passed over while any of its concurrency keys is at its
 * limit. A run that has never started also waits for its throttle: runs whose key is paced past now
 * are not candidates at all (so the queue per key stays first in, first out), and the start itself
 * takes the key's slot in this transaction. Returns null when nothing is claimable now.
 */
export async function claimNextRun(ctx: RunnerContext): Promise<ClaimedRun | null> {
  const functionIds = [...ctx.functions.keys()];
  if (!functionIds.length) return null;
  const db = await getDb();
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const candidates = await queryRows<Candidate>(
      tx,
      sql`select id, function_id, status, attempt, concurrency, throttle_key, started_at is not null as started from workflow_runs r
          where function_id in (${textList(functionIds)})
            and ((status in ('queued', 'sleeping') and run_at <= ${timestampParam(now)})
              or (status = 'running' and locked_until < ${timestampParam(now)}))
            and (throttle_key is null or started_at is not null
              or not exists (select 1 from workflow_flow_limits f where f.key = r.throttle_key and f.next_at > ${timestampParam(now)}))
          order by run_at, seq limit ${CANDIDATES} for update skip locked`,
    );
    for (const candidate of candidates) {
      if (!(await hasConcurrencyRoom(tx, candidate, now))) continue;
      if (candidate.throttle_key && !candidate.started) {
        const throttle = ctx.functions.get(candidate.function_id)?.throttle;
        if (throttle && !(await admitFlow(tx, candidate.throttle_key, throttle, now)).admitted) continue;
      }
      const reclaimed = candidate.status === "running";
      const [run] = await queryRows<Omit<ClaimedRun, "reclaimed">>(
        tx,
        sql`update workflow_runs set status = 'running', locked_by = ${ctx.workerId},
              locked_until = ${timestampParam(new Date(now.getTime() + ctx.leaseMs))},
              attempt = ${reclaimed ? candidate.attempt + 1 : candidate.attempt}, updated_at = ${timestampParam(now)},
              started_at = coalesce(started_at, ${timestampParam(now)})
            where id = ${candidate.id} returning id, function_id, handler, event, attempt`,
      );
      // The row was just locked by this transaction: the update finds it.
      return { ...run!, reclaimed };
    }
    return null;
  });
}

/**
 * True if no concurrency key of the candidate is at its limit. Runs count while they hold a live
 * lease. The per-key advisory lock is only tried, never waited for: an instance claiming with the
 * same key right now makes us pass over this run until the next poll, and no lock order can deadlock.
 */
async function hasConcurrencyRoom(tx: Tx, candidate: Candidate, now: Date): Promise<boolean> {
  const keys = [...candidate.concurrency].sort((a, b) => a.key.localeCompare(b.key));
  for (const { key, limit } of keys) {
    const [lock] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtext(${`pookai-concurrency:${key}`})) as ok`);
    if (!lock!.ok) return false;
    const [count] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from workflow_runs
          where id <> ${candidate.id} and locked_until > ${timestampParam(now)} and concurrency @> ${jsonParam([{ key }])}`,
    );
    if (count!.n >= limit) return false;
  }
  return true;
}
