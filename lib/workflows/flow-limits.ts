import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/lib/db";
import type { FlowLimit } from "./function-config";
import { epochMs, timestampParam } from "./sql-values";

export type Admission = { admitted: true } | { admitted: false; nextAt: Date };

/**
 * Ask the pace of `key` for one more start at `now` (GCRA, as Inngest's own limiter: one start every
 * period / limit, up to `capacity` of them at once after a quiet spell). Admitting advances the key's
 * state in the caller's transaction; the row stays locked until it commits, so instances queue on it
 * and never both take the last slot.
 */
export async function admitFlow(tx: DbOrTx, key: string, limit: FlowLimit, now: Date): Promise<Admission> {
  await tx.execute(
    sql`insert into workflow_flow_limits (key, tat, next_at) values (${key}, ${timestampParam(now)}, ${timestampParam(now)})
        on conflict (key) do nothing`,
  );
  const [row] = await queryRows<{ tat: number }>(tx, sql`select ${epochMs(sql`tat`)} as tat from workflow_flow_limits where key = ${key} for update`);
  const emission = limit.periodMs / limit.limit;
  const tolerance = emission * (limit.capacity - 1);
  const base = Math.max(Number(row!.tat), now.getTime());
  if (base - now.getTime() > tolerance) return { admitted: false, nextAt: new Date(Math.ceil(base - tolerance)) };
  const tat = base + emission;
  // The next start is admitted once the pace has caught up to within the tolerance again.
  const nextAt = new Date(Math.ceil(Math.max(now.getTime(), tat - tolerance)));
  await tx.execute(
    sql`update workflow_flow_limits set tat = ${timestampParam(new Date(Math.ceil(tat)))}, next_at = ${timestampParam(nextAt)} where key = ${key}`,
  );
  return { admitted: true };
}
