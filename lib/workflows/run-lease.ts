import { sql } from "drizzle-orm";
import { getDb, queryRows, type Tx } from "@/lib/db";
import type { RunnerContext } from "./runner-context";
import { timestampParam } from "./sql-values";

/** The run is no longer ours (lease expired and reclaimed, or cancelled): stop without writing. */
export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`Lost the lease on workflow run ${runId}`);
    this.name = "LeaseLostError";
  }
}

/**
 * Run `write` in a transaction only while this runner still holds the run's lease, extending it.
 * Every write of a run goes through here: a runner that stalled past its lease (and whose run another
 * instance reclaimed) can never overwrite the new owner's progress.
 */
export async function withLease<T>(ctx: RunnerContext, runId: string, write: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const held = await queryRows(
      tx,
      sql`update workflow_runs set locked_until = ${timestampParam(new Date(now.getTime() + ctx.leaseMs))}, updated_at = ${timestampParam(now)}
          where id = ${runId} and locked_by = ${ctx.workerId} and status = 'running' returning id`,
    );
    if (!held.length) throw new LeaseLostError(runId);
    return write(tx);
  });
}

/** Heartbeat: extend the lease; false when it is no longer ours. */
export async function extendLease(ctx: RunnerContext, runId: string): Promise<boolean> {
  const db = await getDb();
  const now = ctx.now();
  const rows = await queryRows(
    db,
    sql`update workflow_runs set locked_until = ${timestampParam(new Date(now.getTime() + ctx.leaseMs))}
        where id = ${runId} and locked_by = ${ctx.workerId} and status = 'running' returning id`,
  );
  return rows.length > 0;
}

/**
 * Drop our lock on a run we lost (cancelled while a step ran): it stops counting against its
 * concurrency keys. A run reclaimed by another runner has another locked_by and is left alone.
 */
export async function dropLock(ctx: RunnerContext, runId: string): Promise<void> {
  const db = await getDb();
  await db.execute(sql`update workflow_runs set locked_by = null, locked_until = null where id = ${runId} and locked_by = ${ctx.workerId}`);
}
