import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db";
import type { WorkflowError } from "@/lib/db/schema";
import type { ClaimedRun } from "./claim-next-run";
import type { MemoizedStep, SerializedError } from "./execute-function";
import type { WorkflowFunctionConfig } from "./function-config";
import { insertRun } from "./insert-run";
import { withLease } from "./run-lease";
import type { RunnerContext } from "./runner-context";
import { epochMs, jsonParam, textList, timestampParam } from "./sql-values";

/*
 * The writes that move a run from state to state. Each goes through withLease, so only the runner
 * holding the run's lease can make them; ending states also drop the lease.
 */

const RELEASE = sql`locked_by = null, locked_until = null`;

/**
 * The memoized steps of a run in completion order, after turning due timers, and waits whose timeout
 * has passed, into finished steps with null (what Inngest memoizes for both).
 */
export async function loadMemoizedSteps(ctx: RunnerContext, runId: string): Promise<MemoizedStep[]> {
  const now = ctx.now();
  return withLease(ctx, runId, async (tx) => {
    await tx.execute(
      sql`update workflow_steps set kind = 'data', data = 'null'::jsonb, completed_at = ${timestampParam(now)}
          where run_id = ${runId} and kind in ('timer', 'wait') and wake_at <= ${timestampParam(now)}`,
    );
    const rows = await queryRows<{ step_key: string; kind: string; data: unknown; error: SerializedError | null }>(
      tx,
      sql`select step_key, kind, data, error from workflow_steps where run_id = ${runId} and kind in ('data', 'error')
          order by completed_at, created_at, step_key`,
    );
    return rows.map((r) => (r.kind === "error" ? { key: r.step_key, error: r.error! } : { key: r.step_key, data: r.data }));
  });
}

/** Store a finished step (its data, or the error of its last attempt); the next step starts at attempt 0. */
export async function persistStep(
  ctx: RunnerContext,
  runId: string,
  step: { key: string; id: string } & ({ data: unknown } | { error: SerializedError }),
): Promise<void> {
  const now = ctx.now();
  const isError = "error" in step;
  await withLease(ctx, runId, async (tx) => {
    await tx.execute(
      sql`insert into workflow_steps (run_id, step_key, step_id, kind, data, error, completed_at)
          values (${runId}, ${step.key}, ${step.id}, ${isError ? "error" : "data"}, ${isError ? null : jsonParam(step.data)},
                  ${isError ? jsonParam(step.error) : null}, ${timestampParam(now)})
          on conflict (run_id, step_key) do nothing`,
    );
    await tx.execute(sql`update workflow_runs set attempt = 0 where id = ${runId}`);
  });
}

export type PendingStep = { key: string; id: string; wakeAt: Date } & ({ kind: "timer" } | { kind: "wait"; event: string; if: string | null });

/**
 * Store the timers (step.sleep) and waits (step.waitForEvent, due at their timeout) a run found. A
 * step found again keeps its first row, so a replay never moves a wake time.
 */
export async function persistPending(ctx: RunnerContext, runId: string, steps: PendingStep[]): Promise<void> {
  await withLease(ctx, runId, async (tx) => {
    for (const p of steps) {
      await tx.execute(
        sql`insert into workflow_steps (run_id, step_key, step_id, kind, wake_at, wait_event, wait_if)
            values (${runId}, ${p.key}, ${p.id}, ${p.kind}, ${timestampParam(p.wakeAt)}, ${p.kind === "wait" ? p.event : null},
                    ${p.kind === "wait" ? p.if : null})
            on conflict (run_id, step_key) do nothing`,
      );
    }
  });
}

/**
 * Park the run until its earliest pending timer or wait timeout, without holding a lease (a sleeping
 * or waiting run uses no slot). Returns false, keeping the lease, when there is nothing to sleep for:
 * a pending step is already due, or one of `reported` (the steps this execution just found) was
 * completed meanwhile by a matching event. The run row is taken first: an event completing a wait
 * either commits before our check (we see it and continue) or wakes the run after we commit.
 */
export async function sleepRun(ctx: RunnerContext, runId: string, reported: string[]): Promise<boolean> {
  const now = ctx.now();
  return withLease(ctx, runId, async (tx) => {
    await tx.execute(sql`update workflow_runs set status = 'sleeping', ${RELEASE} where id = ${runId}`);
    const [row] = await queryRows<{ wake: number | null; completed: number }>(
      tx,
      sql`select ${epochMs(sql`min(wake_at) filter (where kind in ('timer', 'wait'))`)} as wake,
                 count(*) filter (where kind in ('data', 'error') and step_key in (${textList(reported)}))::int as completed
          from workflow_steps where run_id = ${runId}`,
    );
    const wake = row!.wake == null ? null : Number(row!.wake);
    if (row!.completed > 0 || wake === null || wake <= now.getTime()) {
      await tx.execute(
        sql`update workflow_runs set status = 'running', locked_by = ${ctx.workerId},
              locked_until = ${timestampParam(new Date(now.getTime() + ctx.leaseMs))} where id = ${runId}`,
      );
      return false;
    }
    await tx.execute(sql`update workflow_runs set run_at = ${timestampParam(new Date(wake))} where id = ${runId}`);
    return true;
  });
}

/** Queue attempt `attempt` of the failing step (or function body) for `at`. */
export async function retryRun(ctx: RunnerContext, runId: string, attempt: number, at: Date, error: SerializedError): Promise<void> {
  await withLease(ctx, runId, (tx) =>
    tx.execute(
      sql`update workflow_runs set status = 'queued', attempt = ${attempt}, run_at = ${timestampParam(at)}, error = ${jsonParam(toWorkflowError(error))}, ${RELEASE}
          where id = ${runId}`,
    ),
  );
}

/** Hand the run back at once (graceful stop between steps): any instance may continue it. */
export async function releaseRun(ctx: RunnerContext, runId: string): Promise<void> {
  await withLease(ctx, runId, (tx) =>
    tx.execute(sql`update workflow_runs set status = 'queued', run_at = ${timestampParam(ctx.now())}, ${RELEASE} where id = ${runId}`),
  );
}

export async function completeRun(ctx: RunnerContext, runId: string, result: unknown): Promise<void> {
  const now = ctx.now();
  await withLease(ctx, runId, (tx) =>
    tx.execute(
      sql`update workflow_runs set status = 'completed', result = ${jsonParam(result)}, error = null, finished_at = ${timestampParam(now)}, ${RELEASE}
          where id = ${runId}`,
    ),
  );
}

/**
 * End the run as failed and, for a main run whose function has onFailure, queue the failure handler
 * in the same transaction with the event Inngest sends it (inngest/function.failed).
 */
export async function failRun(ctx: RunnerContext, run: ClaimedRun, config: WorkflowFunctionConfig, error: SerializedError): Promise<void> {
  const now = ctx.now();
  await withLease(ctx, run.id, async (tx) => {
    await tx.execute(
      sql`update workflow_runs set status = 'failed', error = ${jsonParam(toWorkflowError(error))}, finished_at = ${timestampParam(now)}, ${RELEASE}
          where id = ${run.id}`,
    );
    if (run.handler !== "main" || !config.hasFailureHandler) return;
    const eventId = `failure:${run.id}`;
    const event = {
      name: "inngest/function.failed",
      data: { error, event: run.event, function_id: config.absoluteId, run_id: run.id },
      id: eventId,
      ts: now.getTime(),
    };
    await insertRun(tx, { config, handler: "failure", eventId, event, now });
  });
}

function toWorkflowError(error: SerializedError): WorkflowError {
  return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
}
