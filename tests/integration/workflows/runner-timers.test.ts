import { describe, expect, it } from "vitest";
import { inngest } from "@/lib/events/client";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { createTestClock, listRuns, listSteps } from "./fixtures/workflow-test-kit";

const HOUR = 3_600_000;

describe("embedded runner: step.sleep and step.sleepUntil", () => {
  it("keeps the timers in the database, so a new runner instance fires them after a restart", async () => {
    const calls = { before: 0, between: 0, after: 0 };
    const wakeAt = new Date("2030-03-02T08:00:00Z");
    const fn = inngest.createFunction({ id: "sleepy", triggers: [{ event: "test/sleep" }] }, async ({ step }) => {
      await step.run("before", () => ++calls.before);
      await step.sleep("nap", "2h");
      await step.run("between", () => ++calls.between);
      await step.sleepUntil("until-morning", wakeAt);
      return step.run("after", () => ++calls.after);
    });
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const start = clock.now().getTime();
    const first = createWorkflowRunner({ functions: [fn], now: clock.now });
    await inngest.send({ name: "test/sleep", data: {} });
    await first.drain();

    const [sleeping] = await listRuns("sleepy");
    expect(sleeping).toMatchObject({ status: "sleeping", locked_by: null });
    expect(sleeping!.run_at).toBe(start + 2 * HOUR);
    expect(await listSteps(sleeping!.id)).toEqual({ before: "data", nap: "timer" });
    await first.stop();

    // The process restarts: a new runner, same database.
    const second = createWorkflowRunner({ functions: [fn], now: clock.now });
    clock.advance(2 * HOUR - 1000);
    await second.drain();
    expect(calls).toEqual({ before: 1, between: 0, after: 0 });

    clock.advance(1000);
    await second.drain();
    expect(calls).toEqual({ before: 1, between: 1, after: 0 });
    const [waiting] = await listRuns("sleepy");
    expect(waiting).toMatchObject({ status: "sleeping" });
    expect(waiting!.run_at).toBe(wakeAt.getTime());

    clock.set(wakeAt);
    await second.drain();
    expect(calls).toEqual({ before: 1, between: 1, after: 1 });
    const [done] = await listRuns("sleepy");
    expect(done).toMatchObject({ status: "completed", result: 1 });
    expect(await listSteps(done!.id)).toEqual({ before: "data", nap: "data", between: "data", "until-morning": "data", after: "data" });
  });

  it("runs parallel steps and waits for the latest of parallel sleeps", async () => {
    const ran: string[] = [];
    const fn = inngest.createFunction({ id: "parallel", triggers: [{ event: "test/parallel" }] }, async ({ step }) => {
      const [a, b] = await Promise.all([step.run("a", () => (ran.push("a"), "A")), step.run("b", () => (ran.push("b"), "B"))]);
      await Promise.all([step.sleep("short", "1h"), step.sleep("long", "3h")]);
      return a + b;
    });
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const start = clock.now().getTime();
    const runner = createWorkflowRunner({ functions: [fn], now: clock.now });
    await inngest.send({ name: "test/parallel", data: {} });
    await runner.drain();
    expect(ran.sort()).toEqual(["a", "b"]);
    expect((await listRuns("parallel"))[0]!.run_at).toBe(start + HOUR);

    clock.advance(HOUR);
    await runner.drain();
    const [afterShort] = await listRuns("parallel");
    expect(afterShort).toMatchObject({ status: "sleeping" });
    expect(afterShort!.run_at).toBe(start + 3 * HOUR);

    clock.advance(2 * HOUR);
    await runner.drain();
    expect((await listRuns("parallel"))[0]).toMatchObject({ status: "completed", result: "AB" });
    expect(ran).toHaveLength(2);
  });
});
