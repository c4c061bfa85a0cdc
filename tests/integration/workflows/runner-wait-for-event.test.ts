import { describe, expect, it } from "vitest";
import { inngest } from "@/lib/events/client";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { createGate, createTestClock, listRuns, listSteps } from "./fixtures/workflow-test-kit";

const LEASE_MS = 600_000;
const MINUTE = 60_000;

const drainNow = (runner: ReturnType<typeof createWorkflowRunner>) => runner.drain({ settleMs: 0 });

/** Waits for the second attempt's answer of the run's own call, as the urgent-call workflow does. */
function createAnswerWaiter(id: string, seen: unknown[]) {
  return inngest.createFunction({ id, triggers: [{ event: "test/attempt" }] }, async ({ event, step }) => {
    await step.run("dial", () => `dialled ${event.data.call_id}`);
    const answer = await step.waitForEvent("await-answer", {
      event: "test/answered",
      timeout: "5m",
      if: "async.data.call_id == event.data.call_id && async.data.attempt == 2",
    });
    return step.run("after", () => {
      seen.push(answer);
      return answer ? `answered by ${(answer.data as { by: string }).by}` : "no answer";
    });
  });
}

describe("embedded runner: step.waitForEvent", () => {
  it("resumes with the first matching event published after the wait began; the waiting run holds no slot and another instance resumes it", async () => {
    const seen: unknown[] = [];
    const fn = createAnswerWaiter("await-answer", seen);
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const [waiter, dispatcher] = [1, 2].map(() => createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS }));
    await inngest.send({ name: "test/attempt", data: { call_id: "c-1" } });
    await drainNow(waiter!);
    const [waiting] = await listRuns("await-answer");
    expect(waiting).toMatchObject({ status: "sleeping", locked_by: null, locked_until: null });
    expect(waiting!.run_at).toBe(clock.now().getTime() + 5 * MINUTE);
    expect(await listSteps(waiting!.id)).toEqual({ dial: "data", "await-answer": "wait" });

    // The first runner stops (a deploy); events that do not match are ignored.
    await waiter!.stop();
    await inngest.send([
      { name: "test/answered", data: { call_id: "c-2", attempt: 2, by: "someone else" } },
      { name: "test/answered", data: { call_id: "c-1", attempt: 1, by: "first attempt" } },
      { name: "test/other", data: { call_id: "c-1", attempt: 2 } },
    ]);
    await drainNow(dispatcher!);
    expect((await listRuns("await-answer"))[0]!.status).toBe("sleeping");

    clock.advance(MINUTE);
    const { ids } = await inngest.send([
      { name: "test/answered", data: { call_id: "c-1", attempt: 2, by: "human" } },
      { name: "test/answered", data: { call_id: "c-1", attempt: 2, by: "late duplicate" } },
    ]);
    await drainNow(dispatcher!);
    expect(seen).toEqual([{ name: "test/answered", data: { call_id: "c-1", attempt: 2, by: "human" }, id: ids[0], ts: expect.any(Number) }]);
    const [done] = await listRuns("await-answer");
    expect(done).toMatchObject({ status: "completed", result: "answered by human" });
  });

  it("resolves to null at the timeout, durably: a runner killed while the run waits is replaced by one that fires the timeout", async () => {
    const seen: unknown[] = [];
    const fn = createAnswerWaiter("await-timeout", seen);
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const doomed = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    await inngest.send({ name: "test/attempt", data: { call_id: "c-3" } });
    await drainNow(doomed);
    doomed.kill();

    const successor = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    clock.advance(5 * MINUTE - 1);
    await drainNow(successor);
    expect(seen).toEqual([]);
    clock.advance(1);
    await drainNow(successor);
    expect(seen).toEqual([null]);
    expect((await listRuns("await-timeout"))[0]).toMatchObject({ status: "completed", result: "no answer" });

    // A matching event after the timeout finds nothing to resume.
    await inngest.send({ name: "test/answered", data: { call_id: "c-3", attempt: 2, by: "too late" } });
    await drainNow(successor);
    expect(seen).toEqual([null]);
  });

  it("misses an event sent before the wait began, as Inngest does (callers re-check their own state after the wait)", async () => {
    const inDial = createGate();
    const release = createGate();
    const seen: unknown[] = [];
    const fn = inngest.createFunction({ id: "early-answer", triggers: [{ event: "test/attempt" }] }, async ({ step }) => {
      await step.run("dial", async () => {
        inDial.open();
        await release.promise;
      });
      const answer = await step.waitForEvent("await-answer", { event: "test/answered", timeout: "5m", match: "data.call_id" });
      await step.run("record", () => seen.push(answer));
    });
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const runner = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    await inngest.send({ name: "test/attempt", data: { call_id: "c-4" } });
    const draining = drainNow(runner);
    await inDial.promise;
    // Answered while the call was still being dialled, before the wait registered.
    await inngest.send({ name: "test/answered", data: { call_id: "c-4" } });
    release.open();
    await draining;
    await drainNow(runner);
    expect((await listRuns("early-answer"))[0]!.status).toBe("sleeping");

    await inngest.send({ name: "test/answered", data: { call_id: "c-4", n: 2 } });
    await drainNow(runner);
    expect(seen).toEqual([expect.objectContaining({ data: { call_id: "c-4", n: 2 } })]);
  });

  it("fails the step with a clear error when its `if` is outside the supported expressions; the function may catch it", async () => {
    const fn = inngest.createFunction({ id: "bad-wait", retries: 0, triggers: [{ event: "test/bad-wait" }] }, async ({ step }) => {
      try {
        await step.waitForEvent("await-list", { event: "test/answered", timeout: "5m", if: "async.data.ids.exists(i, i == event.data.id)" });
        return "waited";
      } catch (error) {
        return `refused: ${(error as Error).message}`;
      }
    });
    const runner = createWorkflowRunner({ functions: [fn] });
    await inngest.send({ name: "test/bad-wait", data: { id: 1 } });
    await drainNow(runner);
    const [run] = await listRuns("bad-wait");
    expect(run!.status).toBe("completed");
    expect(run!.result).toMatch(/^refused: step\.waitForEvent\("await-list"\): Unsupported expression .*function and method calls are not supported/);
    expect(await listSteps(run!.id)).toEqual({ "await-list": "error" });
  });

  it("waits in parallel with a sleep: the run continues once both settle", async () => {
    const fn = inngest.createFunction({ id: "wait-and-sleep", triggers: [{ event: "test/both" }] }, async ({ step }) => {
      const [answer] = await Promise.all([
        step.waitForEvent("await-answer", { event: "test/answered", timeout: "1h", if: "async.data.call_id == event.data.call_id" }),
        step.sleep("min-gap", "10m"),
      ]);
      return (answer?.data as { call_id?: string } | undefined)?.call_id ?? null;
    });
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const runner = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    await inngest.send({ name: "test/both", data: { call_id: "c-5" } });
    await drainNow(runner);
    await inngest.send({ name: "test/answered", data: { call_id: "c-5" } });
    await drainNow(runner);
    const [afterAnswer] = await listRuns("wait-and-sleep");
    expect(afterAnswer!.status).toBe("sleeping");
    expect(afterAnswer!.run_at).toBe(clock.now().getTime() + 10 * MINUTE);
    clock.advance(10 * MINUTE);
    await drainNow(runner);
    expect((await listRuns("wait-and-sleep"))[0]).toMatchObject({ status: "completed", result: "c-5" });
  });
});
