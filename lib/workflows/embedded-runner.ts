import { randomBytes } from "node:crypto";
import os from "node:os";
import { sql } from "drizzle-orm";
import type { InngestFunction } from "inngest";
import { getDb, queryRows } from "@/lib/db";
import { logger } from "@/lib/logger";
import { claimNextRun } from "./claim-next-run";
import { dispatchPendingEvents } from "./dispatch-pending-events";
import { defaultBackoff } from "./durations";
import { fireDueCrons } from "./fire-due-crons";
import { readFunctionConfig, type WorkflowFunctionConfig } from "./function-config";
import { registerLocalRunner } from "./local-runners";
import { processRun } from "./process-run";
import type { RunnerContext } from "./runner-context";
import { epochMs, textList, timestampParam } from "./sql-values";

export type WorkflowRunnerOptions = {
  /** The Inngest function objects to run: the app registry, or a test's own list. */
  functions: readonly InngestFunction.Any[];
  /** How often to look for due work when nothing wakes the runner (default 1 s). */
  pollIntervalMs?: number;
  /** How long a claimed run stays ours without a heartbeat before another instance may take it (default 60 s). */
  leaseMs?: number;
  /** Runs this instance executes at once (default 5). */
  maxConcurrentRuns?: number;
  /** Delay in ms before retry `attempt + 1` of a failed step (default: exponential from 2 s). */
  backoff?: (attempt: number) => number;
  /** The runner's clock for timers, leases, retries and cron slots (tests move it by hand). */
  now?: () => Date;
  workerId?: string;
};

const RETENTION_MS = 7 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Runs the app's Inngest functions in-process when no Inngest server is configured, with all durable
 * state in the database: events fan out into runs, runs are claimed with a lease, every finished step
 * is stored, timers and retries are rows with a due time, cron slots fire once across instances.
 */
export class WorkflowRunner {
  private readonly ctx: RunnerContext;
  private readonly pollIntervalMs: number;
  private readonly maxConcurrentRuns: number;
  private readonly inflight = new Set<Promise<void>>();
  private stopping = false;
  private killed = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private wakeRequested = false;
  private pumping: Promise<number> = Promise.resolve(0);
  private lastPrune = 0;
  private unregister: (() => void) | null = null;

  constructor(options: WorkflowRunnerOptions) {
    const functions = new Map<string, WorkflowFunctionConfig>();
    for (const fn of options.functions) {
      const config = readFunctionConfig(fn);
      if (functions.has(config.id)) throw new Error(`Two workflow functions share the id "${config.id}"`);
      functions.set(config.id, config);
    }
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxConcurrentRuns = options.maxConcurrentRuns ?? 5;
    this.ctx = {
      workerId: options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`,
      functions,
      leaseMs: options.leaseMs ?? 60_000,
      now: options.now ?? (() => new Date()),
      backoff: options.backoff ?? defaultBackoff,
      isStopping: () => this.stopping,
      isKilled: () => this.killed,
    };
  }

  get workerId(): string {
    return this.ctx.workerId;
  }

  /** Runs being executed by this instance right now. */
  get activeRuns(): number {
    return this.inflight.size;
  }

  /** Poll for work in the background until stop(). */
  start(): void {
    if (this.loop || this.stopping) return;
    this.unregister = registerLocalRunner(this);
    this.loop = (async () => {
      while (!this.stopping) {
        try {
          await this.pump();
        } catch (error) {
          logger.error("embedded workflow runner poll failed", { error });
        }
        await this.idle();
      }
    })();
  }

  /** Look for work now instead of at the next poll (called when an event is published here). */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /**
   * One pass: fan out pending events, fire due cron slots, then claim due runs up to the concurrency
   * of this instance and start them in the background. Returns how many runs it started.
   */
  pump(): Promise<number> {
    // Serialized: the background loop, drain() and wake-ups never pump at the same time.
    const next = this.pumping.then(
      () => this.pumpOnce(),
      () => this.pumpOnce(),
    );
    this.pumping = next.catch(() => 0);
    return next;
  }

  /**
   * Process everything that is due now, including what that work makes due (events it sends,
   * retries), and return when nothing is left: how tests and scripts run workflows synchronously.
   * Work that falls due within `settleMs` (a retry's short backoff, a Retry-After of a second) is
   * waited for; longer timers (step.sleep, later retries) are left for their time.
   */
  async drain({ settleMs = 1500 }: { settleMs?: number } = {}): Promise<void> {
    let lastWait: number | null = null;
    for (;;) {
      const started = await this.pump();
      if (this.inflight.size) {
        await Promise.race(this.inflight);
        lastWait = null;
        continue;
      }
      if (started > 0) continue;
      const wait = await this.msUntilNextDue();
      if (wait === null || wait > settleMs) return;
      // A clock moved by hand does not advance while we sleep: the same wait twice means nothing
      // will fall due on its own.
      if (lastWait !== null && wait >= lastWait) return;
      lastWait = wait;
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 5)));
    }
  }

  /** Milliseconds until this runner's next queued or sleeping run is due (0 if overdue), or null. */
  private async msUntilNextDue(): Promise<number | null> {
    const functionIds = [...this.ctx.functions.keys()];
    if (!functionIds.length) return null;
    const db = await getDb();
    // A run that has not started yet is due no earlier than its throttle key admits one more start.
    const [row] = await queryRows<{ due: number | null }>(
      db,
      sql`select ${epochMs(sql`min(greatest(r.run_at, coalesce(f.next_at, r.run_at)))`)} as due from workflow_runs r
          left join workflow_flow_limits f on r.throttle_key is not null and r.started_at is null and f.key = r.throttle_key
          where r.function_id in (${textList(functionIds)}) and r.status in ('queued', 'sleeping')`,
    );
    if (row?.due == null) return null;
    return Math.max(0, Number(row.due) - this.ctx.now().getTime());
  }

  /**
   * Stop polling and let each run finish its current step, then hand it back. Runs still inside a
   * step after `graceMs` keep their lease; it expires and another instance (or the next start)
   * continues them.
   */
  async stop({ graceMs = 10_000 }: { graceMs?: number } = {}): Promise<void> {
    this.stopping = true;
    this.unregister?.();
    this.wake();
    await this.loop;
    await this.pumping;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inflight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  /**
   * Die without a word, as a killed process would: stop at once, write nothing more, keep every lease.
   * For tests of crash recovery on a single-process database.
   */
  kill(): void {
    this.killed = true;
    this.stopping = true;
    this.unregister?.();
    this.wake();
  }

  private async pumpOnce(): Promise<number> {
    if (this.killed) return 0;
    // `killed` changes while the dispatch is awaited.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    while ((await dispatchPendingEvents(this.ctx)) > 0 && !this.killed);
    await fireDueCrons(this.ctx);
    await this.pruneFinished();
    let started = 0;
    while (!this.stopping && this.inflight.size < this.maxConcurrentRuns) {
      const run = await claimNextRun(this.ctx);
      if (!run) break;
      const running: Promise<void> = processRun(this.ctx, run)
        .catch((error: unknown) => logger.error("embedded workflow run crashed", { run_id: run.id, error }))
        .finally(() => {
          this.inflight.delete(running);
          // A finished run may free a concurrency slot another queued run waits for.
          if (!this.stopping) this.wake();
        });
      this.inflight.add(running);
      started += 1;
    }
    return started;
  }

  private idle(): Promise<void> {
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        this.wakeRequested = false;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      timer.unref();
      this.wakeUp = done;
    });
  }

  /** Forget finished runs and dispatched events after a week, and paces that have caught up, at most once an hour. */
  private async pruneFinished(): Promise<void> {
    const now = this.ctx.now();
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    const before = timestampParam(new Date(now.getTime() - RETENTION_MS));
    const db = await getDb();
    await db.execute(sql`delete from workflow_runs where finished_at < ${before}`);
    await db.execute(sql`delete from workflow_events where dispatched_at < ${before}`);
    await db.execute(sql`delete from workflow_flow_limits where tat < ${timestampParam(now)}`);
  }
}

/** Create a runner for `functions`; call start() to poll, or drain() to run what is due now. */
export function createWorkflowRunner(options: WorkflowRunnerOptions): WorkflowRunner {
  return new WorkflowRunner(options);
}
