import { logger } from "@/lib/logger";
import type { ClaimedRun } from "./claim-next-run";
import { retryAfterAt, sleepWakeAt } from "./durations";
import { executeFunction, type ExecutionOutcome, type FoundStep, type SerializedError } from "./execute-function";
import { compileExpression } from "./expression";
import type { WorkflowFunctionConfig } from "./function-config";
import { dropLock, extendLease, LeaseLostError } from "./run-lease";
import { FAILURE_HANDLER_MAX_ATTEMPTS, type RunnerContext } from "./runner-context";
import { completeRun, failRun, loadMemoizedSteps, persistPending, persistStep, releaseRun, retryRun, sleepRun, type PendingStep } from "./run-transitions";

type Next = "continue" | "done";

/**
 * Drive a claimed run until it settles, sleeps, waits for a retry or is handed back: replay the
 * memoized steps, run the next step, store its result, repeat. The lease is kept alive by a heartbeat
 * while a step runs; after each stored step a stopping runner hands the run back.
 */
export async function processRun(ctx: RunnerContext, run: ClaimedRun): Promise<void> {
  const config = ctx.functions.get(run.function_id);
  if (!config) throw new Error(`Claimed a run of unknown function "${run.function_id}"`);
  const maxAttempts = run.handler === "failure" ? FAILURE_HANDLER_MAX_ATTEMPTS : config.maxAttempts;
  const state = { attempt: run.attempt };
  const heartbeat = startHeartbeat(ctx, run.id);
  try {
    if (run.reclaimed) logger.warn("workflow run reclaimed after its runner's lease expired", { run_id: run.id, function_id: run.function_id });
    if (state.attempt >= maxAttempts) {
      await failRun(ctx, run, config, { name: "RunnerLost", message: `The process running attempt ${state.attempt} stopped before it finished` });
      return;
    }
    for (;;) {
      if (ctx.isKilled()) return;
      if (heartbeat.isLost()) throw new LeaseLostError(run.id);
      const steps = await loadMemoizedSteps(ctx, run.id);
      const outcome = await executeFunction({ ...base(run, config, maxAttempts, state.attempt), steps });
      if (ctx.isKilled()) return;
      if ((await settle(ctx, run, config, maxAttempts, state, outcome)) === "done") return;
      if (ctx.isStopping()) {
        await releaseRun(ctx, run.id);
        return;
      }
    }
  } catch (error) {
    if (ctx.isKilled()) return;
    if (error instanceof LeaseLostError) {
      logger.warn("workflow run lost its lease (cancelled or reclaimed); stopped", { run_id: run.id });
      await dropLock(ctx, run.id).catch(() => {});
      return;
    }
    // The runner itself failed (the database went away, a result would not serialize): try again later.
    logger.error("workflow runner failed while processing a run", { run_id: run.id, error });
    await retryOrFail(ctx, run, config, maxAttempts, state.attempt, serialize(error), true).catch((e: unknown) =>
      logger.error("could not reschedule workflow run", { run_id: run.id, error: e }),
    );
  } finally {
    heartbeat.stop();
  }
}

async function settle(
  ctx: RunnerContext,
  run: ClaimedRun,
  config: WorkflowFunctionConfig,
  maxAttempts: number,
  state: { attempt: number },
  outcome: ExecutionOutcome,
): Promise<Next> {
  switch (outcome.type) {
    case "completed":
      await completeRun(ctx, run.id, outcome.data);
      return "done";
    case "rejected":
      await retryOrFail(ctx, run, config, maxAttempts, state.attempt, outcome.error, outcome.retriable);
      return "done";
    case "step-succeeded":
      await persistStep(ctx, run.id, { key: outcome.key, id: outcome.id, data: outcome.data });
      state.attempt = 0;
      return "continue";
    case "step-failed":
      await persistStep(ctx, run.id, { key: outcome.key, id: outcome.id, error: outcome.error });
      state.attempt = 0;
      return "continue";
    case "step-errored":
      await retryOrFail(ctx, run, config, maxAttempts, state.attempt, outcome.error, outcome.retriable);
      return "done";
    case "step-not-found":
      await retryOrFail(ctx, run, config, maxAttempts, state.attempt, { name: "StepNotFound", message: `Step ${outcome.key} was not found` }, true);
      return "done";
    case "steps-found": {
      const unsupported = outcome.steps.find((s) => s.kind === "unsupported");
      if (unsupported?.kind === "unsupported") {
        const message = `Step "${unsupported.id}" uses ${unsupported.op}, which the embedded workflow runner does not support`;
        await failRun(ctx, run, config, { name: "UnsupportedStep", message });
        return "done";
      }
      const now = ctx.now();
      const pending: PendingStep[] = [];
      let refusedWait = false;
      for (const s of outcome.steps) {
        if (s.kind === "sleep") pending.push({ kind: "timer", key: s.key, id: s.id, wakeAt: sleepWakeAt(s.name, now) });
        if (s.kind !== "wait") continue;
        const wait = readWait(s, now);
        if ("error" in wait) {
          // Outside what the runner can match: the step fails with the reason, the function sees it.
          await persistStep(ctx, run.id, { key: s.key, id: s.id, error: wait.error });
          refusedWait = true;
        } else pending.push(wait);
      }
      if (pending.length) await persistPending(ctx, run.id, pending);
      // Parallel steps: run each one in its own execution, as Inngest would request them.
      const planned = outcome.steps.filter((s) => s.kind === "run");
      for (const step of planned) {
        if (ctx.isKilled()) return "done";
        const steps = await loadMemoizedSteps(ctx, run.id);
        const ran = await executeFunction({ ...base(run, config, maxAttempts, state.attempt), steps, runStep: step.key });
        if (ctx.isKilled()) return "done";
        if ((await settle(ctx, run, config, maxAttempts, state, ran)) === "done") return "done";
      }
      if (planned.length || refusedWait || !pending.length) return "continue";
      return (await sleepRun(
        ctx,
        run.id,
        pending.map((p) => p.key),
      ))
        ? "done"
        : "continue";
    }
  }
}

/** A found step.waitForEvent as a pending step, or the error that fails it (bad `if` or timeout). */
function readWait(step: Extract<FoundStep, { kind: "wait" }>, now: Date): PendingStep | { error: SerializedError } {
  try {
    if (step.if) compileExpression(step.if, ["event", "async"]);
    const wakeAt = sleepWakeAt(step.timeout, now);
    return { kind: "wait", key: step.key, id: step.id, wakeAt, event: step.event, if: step.if ?? null };
  } catch (error) {
    return { error: { name: "InvalidWaitForEvent", message: `step.waitForEvent("${step.id}"): ${(error as Error).message}` } };
  }
}

async function retryOrFail(
  ctx: RunnerContext,
  run: ClaimedRun,
  config: WorkflowFunctionConfig,
  maxAttempts: number,
  attempt: number,
  error: SerializedError,
  retriable: boolean | string,
): Promise<void> {
  if (retriable === false || attempt + 1 >= maxAttempts) {
    logger.warn("workflow run failed", { run_id: run.id, function_id: run.function_id, error: error.message });
    await failRun(ctx, run, config, error);
    return;
  }
  const now = ctx.now();
  const at = (typeof retriable === "string" && retryAfterAt(retriable, now)) || new Date(now.getTime() + ctx.backoff(attempt));
  await retryRun(ctx, run.id, attempt + 1, at, error);
}

function base(run: ClaimedRun, config: WorkflowFunctionConfig, maxAttempts: number, attempt: number) {
  return { fn: config.fn, handler: run.handler, runId: run.id, event: run.event, attempt, maxAttempts };
}

function serialize(error: unknown): SerializedError {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { name: "Error", message: String(error) };
}

/** Extend the lease every third of its length while the run is processed; notice when it is lost. */
function startHeartbeat(ctx: RunnerContext, runId: string) {
  let lost = false;
  const timer = setInterval(
    () => {
      if (ctx.isKilled()) return;
      extendLease(ctx, runId).then(
        (held) => {
          if (!held) lost = true;
        },
        (error: unknown) => logger.warn("workflow lease heartbeat failed", { run_id: runId, error }),
      );
    },
    Math.max(250, Math.floor(ctx.leaseMs / 3)),
  );
  timer.unref();
  return { stop: () => clearInterval(timer), isLost: () => lost };
}
