import type { InngestFunction } from "inngest";
import { CronExpressionParser } from "cron-parser";
import { parseDurationMs } from "./durations";
import { compileExpression, type CompiledExpression } from "./expression";
import { compileKeyExpression } from "./key-expression";

type KeyFn = (event: Record<string, unknown>) => string;

/** A GCRA pace for one key: `limit` admissions per `periodMs`, `capacity` of them at once. */
export type FlowLimit = { key: KeyFn; limit: number; periodMs: number; capacity: number };

export type CancelTrigger = {
  event: string;
  /** Compiled `if` (or `match`): `event` is the run's event, `async` the incoming one; null cancels on any. */
  condition: CompiledExpression | null;
  /** The cancellation listens only this long after the run was created (null: as long as the run lives). */
  timeout: { ms: number } | { at: Date } | null;
};

/** What the embedded runner needs to know about one Inngest function, read once at start. */
export type WorkflowFunctionConfig = {
  /** The function's id as written in createFunction (unique within the app). */
  id: string;
  /** The id Inngest uses, prefixed with the app id (event.data.function_id of a failure event). */
  absoluteId: string;
  fn: InngestFunction.Any;
  eventTriggers: string[];
  cronTriggers: { cron: string; expression: string; tz?: string }[];
  /** Attempts per step (or per function body): retries + 1, Inngest's default of 3 retries. */
  maxAttempts: number;
  hasFailureHandler: boolean;
  concurrencyKeys: (event: Record<string, unknown>) => { key: string; limit: number }[];
  singleton: { mode: "skip" | "cancel"; key: (event: Record<string, unknown>) => string } | null;
  /** At most one run per evaluated key within 24 hours; further events start no run. */
  idempotency: FlowLimit | null;
  /** Events over the pace start no run (ignored when idempotency is set, as on Inngest). */
  rateLimit: FlowLimit | null;
  /** Run starts over the pace wait, first in first out. */
  throttle: FlowLimit | null;
  cancelOn: CancelTrigger[];
};

type ConcurrencyOption = { limit: number; key?: string; scope?: "fn" | "env" | "account" };
type LimitOption = { limit: number; period: unknown; key?: string; burst?: number };
type CancelOption = { event: string | { name: string }; if?: string; match?: string; timeout?: unknown };

const DEFAULT_RETRIES = 3;
const IDEMPOTENCY_PERIOD_MS = 86_400_000;

// Options the runner implements, or that do not change what a run does (names, parallelism hints).
const SUPPORTED_OPTIONS = new Set([
  "id",
  "name",
  "description",
  "triggers",
  "retries",
  "concurrency",
  "singleton",
  "onFailure",
  "middleware",
  "optimizeParallelism",
  "checkpointing",
  "experimentalCheckpointing",
  "priority",
  "idempotency",
  "rateLimit",
  "throttle",
  "cancelOn",
]);

/**
 * Read a function's triggers and flow-control options. Throws for anything the embedded runner does
 * not implement (debounce, batchEvents, timeouts, trigger `if` filters) or cannot read (a key or
 * condition outside its expression subset), so such a function fails at startup and in tests
 * instead of running with other semantics.
 */
export function readFunctionConfig(fn: InngestFunction.Any): WorkflowFunctionConfig {
  const opts = fn.opts as InngestFunction.Options & Record<string, unknown>;
  const id = opts.id;
  const unsupported = Object.keys(opts).filter((k) => opts[k] !== undefined && !SUPPORTED_OPTIONS.has(k));
  if (unsupported.length) {
    throw new Error(`Function "${id}" uses ${unsupported.join(", ")}, which the embedded workflow runner does not implement`);
  }

  const eventTriggers: string[] = [];
  const cronTriggers: WorkflowFunctionConfig["cronTriggers"] = [];
  for (const trigger of (opts.triggers ?? []) as Record<string, unknown>[]) {
    if (typeof trigger.cron === "string") {
      cronTriggers.push({ cron: trigger.cron, ...parseCron(trigger.cron, id) });
      continue;
    }
    if (trigger.if) throw new Error(`Function "${id}": trigger filters ("if") are not supported by the embedded runner`);
    const event = trigger.event as string | { name: string } | undefined;
    const name = typeof event === "string" ? event : event?.name;
    if (!name) throw new Error(`Function "${id}" has a trigger with neither an event nor a cron`);
    eventTriggers.push(name);
  }

  const concurrency = normalizeConcurrency(opts.concurrency);
  const concurrencyFns = concurrency.map((c): ((event: Record<string, unknown>) => { key: string; limit: number }) => {
    const key: KeyFn = c.key ? compileKeyExpression(c.key) : () => "";
    const scope = c.scope && c.scope !== "fn" ? "env" : `fn:${id}`;
    return (event) => ({ key: `${scope}:${c.key ?? ""}=${key(event)}`, limit: c.limit });
  });

  const singletonOpt = opts.singleton;
  let singleton: WorkflowFunctionConfig["singleton"] = null;
  if (singletonOpt) {
    const key: KeyFn = singletonOpt.key ? compileKeyExpression(singletonOpt.key) : () => "";
    singleton = { mode: singletonOpt.mode, key: (event) => `singleton:${id}:${key(event)}` };
  }

  const idempotencyKey = opts.idempotency;
  const idempotency: FlowLimit | null = idempotencyKey
    ? { key: compileKeyExpression(idempotencyKey), limit: 1, periodMs: IDEMPOTENCY_PERIOD_MS, capacity: 1 }
    : null;
  // Inngest's rate limiter admits a burst of a tenth of the limit on top of the first start.
  const rateLimit = readFlowLimit(id, "rateLimit", opts.rateLimit, (o) => Math.floor(o.limit / 10) + 1);
  // A throttle starts `limit` runs at once (plus `burst`), then one every period / limit.
  const throttle = readFlowLimit(id, "throttle", opts.throttle, (o) => o.limit + (o.burst ?? 0));
  const cancelOn = ((opts.cancelOn ?? []) as CancelOption[]).map((c) => readCancelTrigger(id, c));

  return {
    id,
    absoluteId: fn["absoluteId"],
    fn,
    eventTriggers,
    cronTriggers,
    maxAttempts: (typeof opts.retries === "number" ? opts.retries : DEFAULT_RETRIES) + 1,
    hasFailureHandler: typeof opts.onFailure === "function",
    // A singleton run also holds its key with limit 1, so a replaced ("cancel") run that is still
    // finishing its current step never overlaps the run that replaced it.
    concurrencyKeys: (event) => [...concurrencyFns.map((f) => f(event)), ...(singleton ? [{ key: singleton.key(event), limit: 1 }] : [])],
    singleton,
    idempotency,
    rateLimit: idempotency ? null : rateLimit,
    throttle,
    cancelOn,
  };
}

function readFlowLimit(id: string, name: string, option: LimitOption | undefined, capacity: (o: LimitOption) => number): FlowLimit | null {
  if (!option) return null;
  if (!Number.isInteger(option.limit) || option.limit < 1) throw new Error(`Function "${id}": ${name}.limit must be a whole number of at least 1`);
  if (option.burst !== undefined && (!Number.isInteger(option.burst) || option.burst < 0)) {
    throw new Error(`Function "${id}": ${name}.burst must be a whole number of at least 0`);
  }
  const periodMs = typeof option.period === "string" ? parseDurationMs(option.period) : typeof option.period === "number" ? option.period : null;
  if (periodMs === null || !(periodMs >= 1000)) throw new Error(`Function "${id}": ${name}.period must be a time string of at least 1s`);
  const key: KeyFn = option.key ? compileKeyExpression(option.key) : () => "";
  return { key, limit: option.limit, periodMs, capacity: capacity(option) };
}

function readCancelTrigger(id: string, option: CancelOption): CancelTrigger {
  // Options come from the app's code as written, not only as typed.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  const event = typeof option.event === "string" ? option.event : option.event?.name;
  if (!event) throw new Error(`Function "${id}": every cancelOn entry needs an event`);
  // The SDK turns `match: "data.x"` into this expression when it registers with Inngest.
  const source = option.match ? `event.${option.match} == async.${option.match}` : option.if;
  let condition: CompiledExpression | null = null;
  if (source) {
    try {
      condition = compileExpression(source, ["event", "async"]);
    } catch (error) {
      throw new Error(`Function "${id}": cancelOn "${event}": ${(error as Error).message}`);
    }
  }
  return { event, condition, timeout: readTimeout(id, event, option.timeout) };
}

function readTimeout(id: string, event: string, timeout: unknown): CancelTrigger["timeout"] {
  if (timeout === undefined || timeout === null) return null;
  if (timeout instanceof Date) return { at: timeout };
  if (typeof timeout === "number") return { ms: timeout };
  if (typeof timeout === "string") {
    const ms = parseDurationMs(timeout);
    if (ms !== null) return { ms };
    const at = new Date(timeout);
    if (!Number.isNaN(at.getTime())) return { at };
  }
  throw new Error(`Function "${id}": cancelOn "${event}" has a timeout the embedded runner cannot read`);
}

/** True if `config` is triggered by an event named `name` (triggers may end with a `*` wildcard). */
export function isTriggeredBy(config: WorkflowFunctionConfig, name: string): boolean {
  return config.eventTriggers.some((t) => (t.endsWith("*") ? name.startsWith(t.slice(0, -1)) : t === name));
}

function normalizeConcurrency(option: number | ConcurrencyOption | ConcurrencyOption[] | undefined): ConcurrencyOption[] {
  if (option === undefined) return [];
  const list = typeof option === "number" ? [{ limit: option }] : Array.isArray(option) ? option : [option];
  // Inngest reads a limit of 0 as "no limit of its own".
  return list.filter((c) => c.limit > 0);
}

/** Split Inngest's optional `TZ=Zone ` prefix off a cron string, and check both parse. */
function parseCron(cron: string, id: string): { expression: string; tz?: string } {
  const m = /^\s*(?:CRON_)?TZ=(\S+)\s+(.+)$/.exec(cron);
  const parsed = m ? { expression: m[2]!.trim(), tz: m[1] } : { expression: cron.trim() };
  try {
    CronExpressionParser.parse(parsed.expression, { tz: parsed.tz, strict: false });
  } catch (error) {
    throw new Error(`Function "${id}" has an invalid cron "${cron}": ${(error as Error).message}`);
  }
  return parsed;
}
