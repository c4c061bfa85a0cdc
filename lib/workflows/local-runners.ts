/*
 * Runners started in this process, so that an event published here wakes them at once instead of at
 * their next poll. Kept on globalThis: Next.js may load instrumentation and route handlers as separate
 * module graphs in one process.
 */
type Wakeable = { wake(): void };

const globalForRunners = globalThis as unknown as { __pookaiWorkflowRunners?: Set<Wakeable> };
const runners = (globalForRunners.__pookaiWorkflowRunners ??= new Set());

export function registerLocalRunner(runner: Wakeable): () => void {
  runners.add(runner);
  return () => runners.delete(runner);
}

/** Wake every runner of this process (other instances find the work at their next poll). */
export function wakeLocalRunners(): void {
  for (const runner of runners) runner.wake();
}
