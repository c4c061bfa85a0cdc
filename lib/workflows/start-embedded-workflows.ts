import type { InngestFunction } from "inngest";
import { isInngestConfigured, isServerless } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createWorkflowRunner, type WorkflowRunner } from "./embedded-runner";

const globalForRunner = globalThis as unknown as { __pookaiEmbeddedRunner?: WorkflowRunner };
/** How long a stopping runner lets a step in progress finish before leaving it to its lease. */
const STOP_GRACE_MS = 10_000;

/**
 * Start the embedded runner with `functions` (the app's registry, passed in by instrumentation.ts),
 * once per process, unless an Inngest server is configured (then Inngest calls /api/inngest) or the
 * host is serverless (nothing would keep polling there: configure Inngest). SIGTERM/SIGINT stop it
 * cleanly before the process exits.
 */
export async function startEmbeddedWorkflows(functions: readonly InngestFunction.Any[]): Promise<WorkflowRunner | null> {
  if (isInngestConfigured()) return null;
  if (isServerless()) {
    logger.warn("no Inngest server configured on a serverless host: workflows will not run (set INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY)");
    return null;
  }
  if (globalForRunner.__pookaiEmbeddedRunner) return globalForRunner.__pookaiEmbeddedRunner;
  const runner = createWorkflowRunner({ functions });
  globalForRunner.__pookaiEmbeddedRunner = runner;
  runner.start();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      const stopped = stopEmbeddedWorkflows();
      // `next start` answers the signal itself: it closes the HTTP server and calls process.exit,
      // waiting for nothing the app registered. Hold that exit until the runs are handed back.
      deferExitUntil(stopped, STOP_GRACE_MS + 2_000);
      void stopped.finally(() => {
        // If nothing else listens (no Next.js server), end the process as the signal asked.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    });
  }
  logger.info("embedded workflow runner started", { worker: runner.workerId, functions: functions.length });
  return runner;
}

/** Stop the embedded runner: no new claims; current steps finish and their runs are handed back. */
export async function stopEmbeddedWorkflows(): Promise<void> {
  const runner = globalForRunner.__pookaiEmbeddedRunner;
  if (!runner) return;
  globalForRunner.__pookaiEmbeddedRunner = undefined;
  await runner.stop({ graceMs: STOP_GRACE_MS });
  logger.info("embedded workflow runner stopped", { worker: runner.workerId });
}

/**
 * Make a process.exit() called before `done` settles wait for it (at most `maxMs`), then exit with
 * the code it was given. For shutdown only: Next.js offers no hook that its exit awaits.
 */
export function deferExitUntil(done: Promise<unknown>, maxMs: number): void {
  const exit = process.exit.bind(process);
  let settled = false;
  void done.then(
    () => (settled = true),
    () => (settled = true),
  );
  process.exit = (code?: number | string | null) => {
    if (settled) return exit(code);
    const timer = setTimeout(() => exit(code), maxMs);
    const go = () => {
      clearTimeout(timer);
      exit(code);
    };
    void done.then(go, go);
    return undefined as never;
  };
}
