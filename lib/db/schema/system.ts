import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    title: text().notNull(),
    body: text().notNull().default(""),
    data: jsonb()
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    read_at: timestamp({ withTimezone: true }),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notifications_user_id_idx").on(t.user_id, t.created_at.desc())],
);

// Fixed-window counters shared by every app instance on the database.
export const rateLimitCounters = pgTable(
  // UNLOGGED (migration 0007; drizzle cannot declare it): ephemeral counters, no WAL flush per request.
  "rate_limit_counters",
  {
    key: text().notNull(),
    window_start: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(0),
    expires_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.window_start] }), index("rate_limit_counters_expires_idx").on(t.expires_at)],
);

// Failed sign-ins per account (or per known device) and the growing delay they earned
// (lib/auth/sign-in-throttle.ts). `subject` is "account:<hash of the email>" or "device:<id>".
export const signInThrottles = pgTable(
  "sign_in_throttles",
  {
    subject: text().primaryKey(),
    failures: integer().notNull().default(0),
    last_failure_at: timestamp({ withTimezone: true }).notNull(),
    locked_until: timestamp({ withTimezone: true }),
    // Forgotten after a quiet spell: no failure and no lock for the last 15 minutes.
    expires_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("sign_in_throttles_expires_idx").on(t.expires_at)],
);

/*
 * Durable state of the embedded workflow runner (lib/workflows), used only when no Inngest server is
 * configured. Events are an inbox the runners fan out into runs; every finished step is a row, so a
 * restarted process resumes a run without repeating finished steps.
 */
export const WORKFLOW_RUN_STATUSES = ["queued", "running", "sleeping", "completed", "failed", "cancelled", "skipped"] as const;
export type WorkflowRunStatus = (typeof WORKFLOW_RUN_STATUSES)[number];
export type WorkflowError = { name: string; message: string; stack?: string };

export const workflowEvents = pgTable(
  "workflow_events",
  {
    // The event's own id when the sender gave one (Inngest dedupes on it too), else generated.
    id: text().primaryKey(),
    name: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    // Arrival order (timestamps tie within a transaction): events are dispatched first in, first out.
    seq: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    dispatched_at: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("workflow_events_pending_idx")
      .on(t.created_at)
      .where(sql`${t.dispatched_at} is null`),
    index("workflow_events_dispatched_idx").on(t.dispatched_at),
  ],
);

export const workflowRuns = pgTable(
  "workflow_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    function_id: text().notNull(),
    // "failure" runs the function's onFailure handler for the run named in event.data.run_id.
    handler: text({ enum: ["main", "failure"] })
      .notNull()
      .default("main"),
    // What started the run: an event id, "cron:<fn>:<slot>" or "failure:<run id>"; unique per function.
    event_id: text().notNull(),
    event: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: WORKFLOW_RUN_STATUSES }).notNull().default("queued"),
    // Attempt of the step (or function body) being retried; back to 0 after each finished step.
    attempt: integer().notNull().default(0),
    // First claimed (after its throttle let it start); null while the run has never started.
    started_at: timestamp({ withTimezone: true }),
    // The function's throttle key for this run's event: run starts per key are paced (workflow_flow_limits).
    throttle_key: text(),
    // Concurrency keys this run counts against while it holds a lease, with each key's limit.
    concurrency: jsonb()
      .$type<{ key: string; limit: number }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    singleton_key: text(),
    // Queue order among runs due at the same time.
    seq: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    run_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    locked_by: text(),
    locked_until: timestamp({ withTimezone: true }),
    result: jsonb(),
    error: jsonb().$type<WorkflowError>(),
    // Set from the runner's clock, like every time of a run (cancelOn timeouts count from it).
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updated_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finished_at: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("workflow_runs_function_event_key").on(t.function_id, t.handler, t.event_id),
    index("workflow_runs_due_idx").on(t.status, t.run_at),
    index("workflow_runs_locked_until_idx")
      .on(t.locked_until)
      .where(sql`${t.locked_until} is not null`),
    index("workflow_runs_singleton_idx")
      .on(t.singleton_key, t.status)
      .where(sql`${t.singleton_key} is not null`),
    index("workflow_runs_finished_idx").on(t.finished_at),
    // cancelOn: the active runs of a function.
    index("workflow_runs_function_status_idx").on(t.function_id, t.status),
  ],
);

export const workflowSteps = pgTable(
  "workflow_steps",
  {
    run_id: uuid()
      .notNull()
      .references(() => workflowRuns.id, { onDelete: "cascade" }),
    // The SDK's hashed step id, the key of its memoized state.
    step_key: text().notNull(),
    step_id: text().notNull(),
    // "timer" is a pending step.sleep / sleepUntil; it becomes "data" (null) when it fires.
    // "wait" is a pending step.waitForEvent; it becomes "data" (the matching event) when an event
    // published after created_at matches, or "data" (null) at wake_at, its timeout.
    kind: text({ enum: ["data", "error", "timer", "wait"] }).notNull(),
    data: jsonb(),
    error: jsonb().$type<WorkflowError>(),
    wake_at: timestamp({ withTimezone: true }),
    // A wait's event name and its `if` expression (CEL: `event` is the run's event, `async` the candidate).
    wait_event: text(),
    wait_if: text(),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completed_at: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.run_id, t.step_key] }),
    index("workflow_steps_waits_idx")
      .on(t.wait_event)
      .where(sql`${t.kind} = 'wait'`),
  ],
);

/*
 * GCRA state per flow-control key: throttle (run starts wait until it allows), rateLimit and
 * idempotency (events over the limit start no run). `tat` is the theoretical arrival time of the next
 * start at the steady pace, `next_at` the earliest time one more start is admitted. Rows are locked
 * while read and advanced, so every instance keeps one pace per key; a row whose tat has passed says
 * nothing any more and is pruned.
 */
export const workflowFlowLimits = pgTable(
  "workflow_flow_limits",
  {
    key: text().primaryKey(),
    tat: timestamp({ withTimezone: true }).notNull(),
    next_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("workflow_flow_limits_tat_idx").on(t.tat)],
);

// The last cron slot fired per function and schedule, so that a slot fires once across instances.
export const workflowCronState = pgTable(
  "workflow_cron_state",
  {
    function_id: text().notNull(),
    cron: text().notNull(),
    last_slot_at: timestamp({ withTimezone: true }).notNull(),
    updated_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.function_id, t.cron] })],
);
