import { isInngestConfigured, isServerless } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createWorkflowRunner, type WorkflowRunner } from "./embedded-runner";

const globalForRunner = globalThis as unknown as { __pookaiEmbeddedRunner?: WorkflowRunner };

/**
 * Start the embedded runner with the app's function registry, once per process, unless an Inngest
 * server is configured (then Inngest calls /api/inngest) or the host is serverless (nothing would
 * keep polling there: configure Inngest). SIGTERM/SIGINT stop it cleanly before the process exits.
 */
export async function startEmbeddedWorkflows(): Promise<WorkflowRunner | null> {
  if (isInngestConfigured()) return null;
  if (isServerless()) {
    logger.warn("no Inngest server configured on a serverless host: workflows will not run (set INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY)");
    return null;
  }
  if (globalForRunner.__pookaiEmbeddedRunner) return globalForRunner.__pookaiEmbeddedRunner;
  const { functions } = await import("@/inngest/functions");
  const runner = createWorkflowRunner({ functions });
  globalForRunner.__pookaiEmbeddedRunner = runner;
  runner.start();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void stopEmbeddedWorkflows().finally(() => {
        // Next.js exits on its own handler; if nothing else listens, end the process as the signal asked.
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
  await runner.stop();
  logger.info("embedded workflow runner stopped", { worker: runner.workerId });
}
