import type { InngestFunction } from "inngest";
import type { InngestExecution } from "inngest/internals";
import { StepMode, StepOpCode } from "inngest/types";

/*
 * The one place that touches the Inngest SDK's internals: it runs a function object in-process the
 * way @inngest/test and the SDK's own serve() handler do (fn["createExecution"]). One call replays
 * the memoized steps and then either runs one new step, reports the steps it found (sleeps, parallel
 * steps), or settles. inngest is pinned to the version this was written against, and
 * tests/integration/workflows/sdk-contract.test.ts fails loudly if an upgrade changes these shapes.
 */

export type SerializedError = { name: string; message: string; stack?: string } & Record<string, unknown>;

/** A finished step as the SDK memoizes it, keyed by the SDK's hashed step id. */
export type MemoizedStep = { key: string } & ({ data: unknown } | { error: SerializedError });

export type FoundStep =
  | { kind: "sleep"; key: string; id: string; name: string }
  /** step.waitForEvent: the event name, its timeout (time string or ISO date) and its `if` expression. */
  | { kind: "wait"; key: string; id: string; event: string; timeout: string; if?: string }
  | { kind: "run"; key: string; id: string }
  | { kind: "unsupported"; key: string; id: string; op: string };

export type ExecutionOutcome =
  | { type: "completed"; data: unknown }
  | { type: "rejected"; error: SerializedError; retriable: boolean | string }
  | { type: "step-succeeded"; key: string; id: string; data: unknown }
  /** The step threw and has attempts left: retry the run later. */
  | { type: "step-errored"; key: string; id: string; error: SerializedError; retriable: boolean | string }
  /** The step threw on its last attempt (or NonRetriableError): memoize the error, the function sees it. */
  | { type: "step-failed"; key: string; id: string; error: SerializedError }
  | { type: "steps-found"; steps: FoundStep[] }
  | { type: "step-not-found"; key: string };

export type ExecuteFunctionInput = {
  fn: InngestFunction.Any;
  handler: "main" | "failure";
  runId: string;
  event: Record<string, unknown>;
  attempt: number;
  maxAttempts: number;
  /** Finished steps in completion order. */
  steps: MemoizedStep[];
  /** Hashed id of a found step to run (parallel steps run one per call). */
  runStep?: string;
};

type CreateExecution = (opts: { partialOptions: Omit<InngestExecution.InngestExecutionOptions, "fn"> }) => {
  start(): Promise<InngestExecution.ExecutionResult>;
};

/** Execute `fn` once from its memoized state; see ExecutionOutcome for what can come back. */
export async function executeFunction(input: ExecuteFunctionInput): Promise<ExecutionOutcome> {
  const createExecution = (input.fn as unknown as { createExecution?: CreateExecution }).createExecution;
  if (typeof createExecution !== "function") {
    throw new Error("This inngest version has no InngestFunction.createExecution: the embedded runner needs updating");
  }
  const stepState: Record<string, InngestExecution.MemoizedOp> = {};
  for (const step of input.steps) {
    stepState[step.key] = "error" in step ? { id: step.key, error: step.error } : { id: step.key, data: step.data };
  }
  const event = input.event as InngestExecution.InngestExecutionOptions["data"]["event"];
  const result = await createExecution
    .call(input.fn, {
      partialOptions: {
        client: (input.fn as unknown as { client: InngestExecution.InngestExecutionOptions["client"] }).client,
        runId: input.runId,
        stepMode: StepMode.Async,
        data: { event, events: [event], runId: input.runId, attempt: input.attempt, maxAttempts: input.maxAttempts },
        stepState,
        stepCompletionOrder: input.steps.map((s) => s.key),
        requestedRunStep: input.runStep,
        handlerKind: input.handler,
        reqArgs: [],
        headers: {},
      },
    })
    .start();
  return toOutcome(result);
}

function toOutcome(result: InngestExecution.ExecutionResult): ExecutionOutcome {
  switch (result.type) {
    case "function-resolved":
      return { type: "completed", data: result.data ?? null };
    case "function-rejected":
      return { type: "rejected", error: asError(result.error), retriable: result.retriable };
    case "step-ran": {
      const step = result.step;
      const id = step.userland?.id ?? step.displayName ?? step.id;
      if (step.op === StepOpCode.StepRun) return { type: "step-succeeded", key: step.id, id, data: step.data ?? null };
      if (step.op === StepOpCode.StepError) {
        return { type: "step-errored", key: step.id, id, error: asError(step.error), retriable: result.retriable ?? true };
      }
      if (step.op === StepOpCode.StepFailed) return { type: "step-failed", key: step.id, id, error: asError(step.error) };
      throw new Error(`Unexpected step op "${step.op}" after running a step`);
    }
    case "steps-found": {
      const complete = result.steps.find((s) => s.op === StepOpCode.RunComplete);
      if (complete && result.steps.length === 1) return { type: "completed", data: complete.data ?? null };
      return {
        type: "steps-found",
        steps: result.steps.map((s): FoundStep => {
          const id = s.userland?.id ?? s.displayName ?? s.id;
          // The wire protocol carries a sleep's duration and a wait's event in `name` (deprecated for display only).
          // eslint-disable-next-line @typescript-eslint/no-deprecated
          if (s.op === StepOpCode.Sleep) return { kind: "sleep", key: s.id, id, name: s.name ?? "" };
          if (s.op === StepOpCode.WaitForEvent) {
            const opts = (s.opts ?? {}) as { timeout?: string; if?: string };
            // eslint-disable-next-line @typescript-eslint/no-deprecated
            return { kind: "wait", key: s.id, id, event: s.name ?? "", timeout: opts.timeout ?? "", ...(opts.if ? { if: opts.if } : {}) };
          }
          if (s.op === StepOpCode.StepPlanned) return { kind: "run", key: s.id, id };
          return { kind: "unsupported", key: s.id, id, op: s.op };
        }),
      };
    }
    case "step-not-found":
      return { type: "step-not-found", key: result.step.id };
    case "change-mode":
      throw new Error("The SDK asked to change execution mode, which the embedded runner never requests");
  }
}

function asError(error: unknown): SerializedError {
  if (error && typeof error === "object" && "message" in error) {
    const e = error as SerializedError;
    return { ...e, name: String(e.name || "Error"), message: String(e.message) };
  }
  return { name: "Error", message: String(error) };
}
