import { functions } from "@/inngest/functions";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";

/** The app's real workflows on an embedded runner with fast retries, run until no work is left. */
export function appRunner(options: { backoffMs?: number } = {}) {
  return createWorkflowRunner({ functions, backoff: () => options.backoffMs ?? 10, pollIntervalMs: 50 });
}

export async function drainWorkflows(options?: { backoffMs?: number }) {
  const runner = appRunner(options);
  await runner.drain();
  return runner;
}
