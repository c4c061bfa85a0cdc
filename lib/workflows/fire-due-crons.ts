import { CronExpressionParser } from "cron-parser";
import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { insertRun, lockSingletonKeys, singletonKeysOf } from "./insert-run";
import type { RunnerContext } from "./runner-context";
import { timestampParam } from "./sql-values";

/**
 * Queue a run for every cron schedule whose latest slot (in the schedule's TZ) has not fired yet.
 * Moving workflow_cron_state.last_slot_at forward is conditional, so of several instances exactly one
 * fires a slot; the run's event id (cron:<fn>:<slot>) guards it a second time. Slots missed while no
 * instance ran collapse into the latest one, and a schedule seen for the first time starts from now.
 * Returns the number of runs queued.
 */
export async function fireDueCrons(ctx: RunnerContext): Promise<number> {
  const db = await getDb();
  const now = ctx.now();
  let fired = 0;
  for (const config of ctx.functions.values()) {
    for (const schedule of config.cronTriggers) {
      // prev() is strictly before currentDate: ask from just after now so a slot exactly at now counts.
      const slot = CronExpressionParser.parse(schedule.expression, { currentDate: new Date(now.getTime() + 1), tz: schedule.tz })
        .prev()
        .toDate();
      const didFire = await db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into workflow_cron_state (function_id, cron, last_slot_at) values (${config.id}, ${schedule.cron}, ${timestampParam(now)})
              on conflict (function_id, cron) do nothing`,
        );
        const advanced = await queryRows(
          tx,
          sql`update workflow_cron_state set last_slot_at = ${timestampParam(slot)}, updated_at = ${timestampParam(now)}
              where function_id = ${config.id} and cron = ${schedule.cron} and last_slot_at < ${timestampParam(slot)} returning function_id`,
        );
        if (!advanced.length) return false;
        const eventId = `cron:${config.id}:${slot.toISOString()}`;
        const event = { name: "inngest/scheduled.timer", data: { cron: schedule.cron }, id: eventId, ts: slot.getTime() };
        const run = { config, handler: "main" as const, eventId, event, now };
        await lockSingletonKeys(tx, singletonKeysOf([run]));
        return insertRun(tx, run);
      });
      if (didFire) fired += 1;
    }
  }
  return fired;
}
