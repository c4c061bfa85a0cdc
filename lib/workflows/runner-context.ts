import type { WorkflowFunctionConfig } from "./function-config";

/** What every part of the embedded runner shares: who it is, its functions, its clock and its state. */
export type RunnerContext = {
  /** Identifies this runner in workflow_runs.locked_by; unique per runner instance. */
  workerId: string;
  functions: Map<string, WorkflowFunctionConfig>;
  leaseMs: number;
  now: () => Date;
  /** Milliseconds to wait before retry `attempt + 1` of a failed step or function body. */
  backoff: (attempt: number) => number;
  /** Stopping: finish the current step, then hand the run back. */
  isStopping: () => boolean;
  /** Killed (tests simulating a dead process): write nothing more. */
  isKilled: () => boolean;
};

export const FAILURE_HANDLER_MAX_ATTEMPTS = 2;
