import type { InngestFunction } from "inngest";
import { CronExpressionParser } from "cron-parser";
import { compileKeyExpression } from "./key-expression";

type KeyFn = (event: Record<string, unknown>) => string;

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
};

type ConcurrencyOption = { limit: number; key?: string; scope?: "fn" | "env" | "account" };

const DEFAULT_RETRIES = 3;

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
]);

/**
 * Read a function's triggers and flow-control options. Throws for anything the embedded runner does
 * not implement (debounce, throttle, rateLimit, batchEvents, cancelOn, idempotency, timeouts, `if`
 * filters), so such a function fails at startup and in tests instead of running with other semantics.
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

  const concurrency = normalizeConcurrency(opts.concurrency as number | ConcurrencyOption | ConcurrencyOption[] | undefined);
  const concurrencyFns = concurrency.map((c): ((event: Record<string, unknown>) => { key: string; limit: number }) => {
    const key: KeyFn = c.key ? compileKeyExpression(c.key) : () => "";
    const scope = c.scope && c.scope !== "fn" ? "env" : `fn:${id}`;
    return (event) => ({ key: `${scope}:${c.key ?? ""}=${key(event)}`, limit: c.limit });
  });

  const singletonOpt = opts.singleton as { key?: string; mode: "skip" | "cancel" } | undefined;
  let singleton: WorkflowFunctionConfig["singleton"] = null;
  if (singletonOpt) {
    const key: KeyFn = singletonOpt.key ? compileKeyExpression(singletonOpt.key) : () => "";
    singleton = { mode: singletonOpt.mode, key: (event) => `singleton:${id}:${key(event)}` };
  }

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
  };
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
  const parsed = m ? { expression: m[2].trim(), tz: m[1] } : { expression: cron.trim() };
  try {
    CronExpressionParser.parse(parsed.expression, { tz: parsed.tz, strict: false });
  } catch (error) {
    throw new Error(`Function "${id}" has an invalid cron "${cron}": ${(error as Error).message}`);
  }
  return parsed;
}
