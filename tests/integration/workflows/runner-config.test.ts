import { describe, expect, it } from "vitest";
import { inngest } from "@/lib/events/client";
import { functions } from "@/inngest/functions";
import { defaultBackoff, retryAfterAt, sleepWakeAt } from "@/lib/workflows/durations";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { isTriggeredBy, readFunctionConfig } from "@/lib/workflows/function-config";
import { compileKeyExpression } from "@/lib/workflows/key-expression";

const noop = async () => null;

describe("embedded runner configuration", () => {
  it("accepts every function of the app registry", () => {
    expect(() => createWorkflowRunner({ functions })).not.toThrow();
    expect(functions.map((f) => readFunctionConfig(f).id)).toContain("purge-deleted-accounts");
  });

  it("refuses options it does not implement, trigger filters, bad crons, unknown key syntax and duplicate ids", () => {
    const debounced = inngest.createFunction({ id: "debounced", debounce: { period: "5s" }, triggers: [{ event: "test/x" }] }, noop);
    expect(() => readFunctionConfig(debounced)).toThrow(/debounce/);
    const batched = inngest.createFunction({ id: "batched", batchEvents: { maxSize: 5, timeout: "5s" }, triggers: [{ event: "test/x" }] }, noop);
    expect(() => readFunctionConfig(batched)).toThrow(/batchEvents/);
    const filtered = inngest.createFunction({ id: "filtered", triggers: [{ event: "test/x", if: "event.data.a == 1" }] }, noop);
    expect(() => readFunctionConfig(filtered)).toThrow(/"if"/);
    const badCron = inngest.createFunction({ id: "bad-cron", triggers: [{ cron: "61 * * * *" }] }, noop);
    expect(() => readFunctionConfig(badCron)).toThrow(/invalid cron/);
    const badKey = inngest.createFunction({ id: "bad-key", concurrency: { limit: 1, key: "event.data.a.size() > 2" }, triggers: [{ event: "test/x" }] }, noop);
    expect(() => readFunctionConfig(badKey)).toThrow(/Unsupported key expression/);
    const twin = inngest.createFunction({ id: "twin", triggers: [{ event: "test/x" }] }, noop);
    expect(() => createWorkflowRunner({ functions: [twin, twin] })).toThrow(/share the id "twin"/);
  });

  it("reads triggers, retries and concurrency keys", () => {
    const fn = inngest.createFunction(
      {
        id: "scan",
        retries: 1,
        concurrency: [
          { limit: 1, key: "event.data.integration_id" },
          { limit: 5, key: "'user-' + event.data.user_id", scope: "env" },
        ],
        singleton: { key: "event.data.integration_id", mode: "skip" },
        triggers: [{ event: "mail/scan.requested" }, { event: "mail/sync.*" }, { cron: "TZ=Europe/Paris 0 6 * * 1-5" }],
      },
      noop,
    );
    const config = readFunctionConfig(fn);
    expect(config.maxAttempts).toBe(2);
    expect(config.cronTriggers).toEqual([{ cron: "TZ=Europe/Paris 0 6 * * 1-5", expression: "0 6 * * 1-5", tz: "Europe/Paris" }]);
    expect(isTriggeredBy(config, "mail/scan.requested")).toBe(true);
    expect(isTriggeredBy(config, "mail/sync.requested")).toBe(true);
    expect(isTriggeredBy(config, "mail/scan.done")).toBe(false);
    expect(config.concurrencyKeys({ name: "mail/scan.requested", data: { integration_id: "i-1", user_id: "u-9" } })).toEqual([
      { key: "fn:scan:event.data.integration_id=i-1", limit: 1 },
      { key: "env:'user-' + event.data.user_id=user-u-9", limit: 5 },
      { key: "singleton:scan:i-1", limit: 1 },
    ]);
    expect(readFunctionConfig(inngest.createFunction({ id: "plain", triggers: [{ event: "a/b" }] }, noop)).maxAttempts).toBe(4);
  });

  it("evaluates key expressions on the event", () => {
    const key = compileKeyExpression(`"acct:" + event.data.account.id + ':' + event.name`);
    expect(key({ name: "a/b", data: { account: { id: "42" } } })).toBe("acct:42:a/b");
    expect(compileKeyExpression("event.data.n")({ name: "a/b", data: { n: 7 } })).toBe("7");
    // As in CEL: a missing field, or a string joined to a number, has no value (one shared empty key).
    expect(compileKeyExpression("event.data.missing")({ name: "a/b", data: {} })).toBe("");
    expect(key({ name: "a/b", data: { account: { id: 42 } } })).toBe("");
    expect(() => compileKeyExpression("async.data.id")).toThrow(/Unsupported key expression.*unknown name "async"/);
  });

  it("reads idempotency, rateLimit, throttle and cancelOn, and refuses what it cannot evaluate", () => {
    const fn = inngest.createFunction(
      {
        id: "paced",
        idempotency: "event.data.call_id",
        throttle: { limit: 2, period: "6s", burst: 1, key: "event.data.user_id" },
        cancelOn: [
          { event: "call/cancelled", if: "async.data.call_id == event.data.call_id" },
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- still honoured by Inngest, so by the runner
          { event: "call/superseded", match: "data.user_id", timeout: "1h" },
        ],
        triggers: [{ event: "test/x" }],
      },
      noop,
    );
    const config = readFunctionConfig(fn);
    expect(config.idempotency).toMatchObject({ limit: 1, periodMs: 86_400_000, capacity: 1 });
    expect(config.idempotency?.key({ data: { call_id: "c-1" } })).toBe("c-1");
    expect(config.throttle).toMatchObject({ limit: 2, periodMs: 6000, capacity: 3 });
    expect(config.cancelOn.map((c) => [c.event, c.condition?.source, c.timeout])).toEqual([
      ["call/cancelled", "async.data.call_id == event.data.call_id", null],
      ["call/superseded", "event.data.user_id == async.data.user_id", { ms: 3_600_000 }],
    ]);
    const limited = inngest.createFunction({ id: "limited", rateLimit: { limit: 20, period: "1m" }, triggers: [{ event: "test/x" }] }, noop);
    // Inngest's limiter: one start every period / limit, a tenth of the limit on top at once.
    expect(readFunctionConfig(limited).rateLimit).toMatchObject({ limit: 20, periodMs: 60_000, capacity: 3 });

    const badCancel = inngest.createFunction(
      { id: "bad-cancel", cancelOn: [{ event: "a/b", if: "async.data.ids.exists(x, x == event.data.id)" }], triggers: [{ event: "test/x" }] },
      noop,
    );
    expect(() => readFunctionConfig(badCancel)).toThrow(/cancelOn "a\/b": Unsupported expression.*function and method calls are not supported/);
    const badThrottle = inngest.createFunction({ id: "bad-throttle", throttle: { limit: 0, period: "1s" }, triggers: [{ event: "test/x" }] }, noop);
    expect(() => readFunctionConfig(badThrottle)).toThrow(/throttle.limit/);
    const badPeriod = inngest.createFunction({ id: "bad-period", rateLimit: { limit: 1, period: "soon" as "1s" }, triggers: [{ event: "test/x" }] }, noop);
    expect(() => readFunctionConfig(badPeriod)).toThrow(/rateLimit.period/);
  });

  it("turns sleep op names, retry-after values and attempts into times", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    expect(sleepWakeAt("1d2h30m5s", now).toISOString()).toBe("2030-01-02T02:30:05.000Z");
    expect(sleepWakeAt("2030-02-01T10:00:00.000Z", now).toISOString()).toBe("2030-02-01T10:00:00.000Z");
    expect(sleepWakeAt("", now)).toEqual(now);
    expect(() => sleepWakeAt("soon", now)).toThrow(/Invalid sleep/);
    expect(retryAfterAt("30", now)?.toISOString()).toBe("2030-01-01T00:00:30.000Z");
    expect(retryAfterAt("2030-01-01T01:00:00.000Z", now)?.toISOString()).toBe("2030-01-01T01:00:00.000Z");
    expect(retryAfterAt("whenever", now)).toBeNull();
    for (let attempt = 0; attempt < 12; attempt++) {
      const base = Math.min(2000 * 2 ** attempt, 600_000);
      const delay = defaultBackoff(attempt);
      expect(delay).toBeGreaterThanOrEqual(base * 0.8);
      expect(delay).toBeLessThanOrEqual(base * 1.2);
    }
  });
});
