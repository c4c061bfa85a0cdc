import { describe, expect, it } from "vitest";
import { inngest } from "@/lib/events/client";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { createTestClock, listRuns } from "./fixtures/workflow-test-kit";

const HOUR = 3_600_000;
const LEASE_MS = 600_000;

// A hand-moved clock never advances while drain() waits: settle at once, the test moves time.
const drainNow = (runner: ReturnType<typeof createWorkflowRunner>) => runner.drain({ settleMs: 0 });

describe("embedded runner: idempotency", () => {
  it("starts at most one run per key within 24 hours, across runner instances; later events for the key start none", async () => {
    const started: string[] = [];
    const fn = inngest.createFunction({ id: "place-call", idempotency: "event.data.call_id", triggers: [{ event: "test/call" }] }, async ({ event, step }) => {
      await step.run("dial", () => started.push(`${event.data.call_id}#${event.data.n}`));
    });
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const runners = [1, 2].map(() => createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS }));
    await inngest.send([
      { name: "test/call", data: { call_id: "A", n: 1 } },
      { name: "test/call", data: { call_id: "A", n: 2 } },
      { name: "test/call", data: { call_id: "B", n: 1 } },
    ]);
    await Promise.all(runners.map(drainNow));
    await inngest.send({ name: "test/call", data: { call_id: "A", n: 3 } });
    await Promise.all(runners.map(drainNow));

    expect(started.sort()).toEqual(["A#1", "B#1"]);
    const runs = await listRuns("place-call");
    expect(runs.map((r) => [r.event.data.call_id, r.event.data.n, r.status])).toEqual([
      ["A", 1, "completed"],
      ["A", 2, "skipped"],
      ["B", 1, "completed"],
      ["A", 3, "skipped"],
    ]);
    expect(runs[1]!.error).toEqual({ name: "Idempotent", message: 'A run for idempotency key "A" already started within 24 hours' });

    // The process restarts; a day later the key is free again.
    clock.advance(24 * HOUR - 1000);
    const restarted = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    await inngest.send({ name: "test/call", data: { call_id: "A", n: 4 } });
    await drainNow(restarted);
    clock.advance(1000);
    await inngest.send({ name: "test/call", data: { call_id: "A", n: 5 } });
    await drainNow(restarted);
    expect(started.sort()).toEqual(["A#1", "A#5", "B#1"]);
  });
});

describe("embedded runner: rateLimit", () => {
  it("drops events over the limit (Inngest's GCRA: one start every period / limit), per key", async () => {
    const started: string[] = [];
    const fn = inngest.createFunction(
      { id: "sync-company", rateLimit: { limit: 2, period: "1m", key: "event.data.company" }, triggers: [{ event: "test/company" }] },
      async ({ event }) => {
        started.push(`${event.data.company}@${event.data.t}`);
      },
    );
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const runner = createWorkflowRunner({ functions: [fn], now: clock.now });
    const send = async (company: string, t: number) => {
      await inngest.send({ name: "test/company", data: { company, t } });
      await drainNow(runner);
    };
    await send("acme", 0);
    await send("acme", 0);
    await send("globex", 0);
    clock.advance(29_000);
    await send("acme", 29);
    clock.advance(1000);
    await send("acme", 30);
    await send("acme", 30);

    expect(started).toEqual(["acme@0", "globex@0", "acme@30"]);
    const runs = await listRuns("sync-company");
    expect(runs.filter((r) => r.status === "skipped").map((r) => [r.event.data.company, r.event.data.t, r.error?.name])).toEqual([
      ["acme", 0, "RateLimited"],
      ["acme", 29, "RateLimited"],
      ["acme", 30, "RateLimited"],
    ]);
  });
});

describe("embedded runner: throttle", () => {
  it("starts at most `limit` runs per period, queueing the rest first in first out (never dropped), across instances and a restart", async () => {
    const started: number[] = [];
    const fn = inngest.createFunction(
      { id: "dial-twilio", throttle: { limit: 1, period: "1s" }, triggers: [{ event: "test/dial" }] },
      async ({ event, step }) => {
        await step.run("dial", () => started.push(event.data.n));
      },
    );
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const runners = [1, 2].map(() => createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS }));
    await inngest.send([1, 2, 3, 4].map((n) => ({ name: "test/dial", data: { n } })));
    await Promise.all(runners.map(drainNow));
    expect(started).toEqual([1]);

    clock.advance(999);
    await Promise.all(runners.map(drainNow));
    expect(started).toEqual([1]);
    clock.advance(1);
    await Promise.all(runners.map(drainNow));
    expect(started).toEqual([1, 2]);

    // A later event joins the back of the queue, behind the ones already waiting.
    await inngest.send({ name: "test/dial", data: { n: 5 } });
    for (const runner of runners) await runner.stop();
    const restarted = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    await drainNow(restarted);
    expect(started).toEqual([1, 2]);
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      await drainNow(restarted);
    }
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect((await listRuns("dial-twilio")).every((r) => r.status === "completed")).toBe(true);
  });

  it("lets limit + burst start at once, then one every period / limit, per key; steps after the start are not throttled", async () => {
    const started: string[] = [];
    const fn = inngest.createFunction(
      { id: "summarize", throttle: { limit: 2, period: "6s", burst: 1, key: "event.data.user" }, triggers: [{ event: "test/summary" }] },
      async ({ event, step }) => {
        await step.run("start", () => started.push(`${event.data.user}${event.data.n}`));
        await step.sleep("pause", "1s");
        await step.run("finish", () => started.push(`${event.data.user}${event.data.n}-done`));
      },
    );
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const runner = createWorkflowRunner({ functions: [fn], now: clock.now });
    await inngest.send([
      ...[1, 2, 3, 4, 5].map((n) => ({ name: "test/summary", data: { user: "u", n } })),
      { name: "test/summary", data: { user: "v", n: 1 } },
    ]);
    await drainNow(runner);
    expect(started.sort()).toEqual(["u1", "u2", "u3", "v1"]);

    clock.advance(1000);
    await drainNow(runner);
    expect(started.filter((s) => s.endsWith("-done")).sort()).toEqual(["u1-done", "u2-done", "u3-done", "v1-done"]);
    expect(started).not.toContain("u4");

    clock.advance(2000);
    await drainNow(runner);
    expect(started).toContain("u4");
    expect(started).not.toContain("u5");
    clock.advance(3000);
    await drainNow(runner);
    expect(started).toContain("u5");
  });
});
