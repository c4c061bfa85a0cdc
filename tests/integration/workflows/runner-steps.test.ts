import { NonRetriableError } from "inngest";
import { describe, expect, it } from "vitest";
import { inngest } from "@/lib/events/client";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { createGate, createTestClock, listRuns, listSteps } from "./fixtures/workflow-test-kit";

// Leases far longer than a test: no heartbeat fires, so only the test clock decides when one expires.
const LEASE_MS = 600_000;

describe("embedded runner: steps are stored and never repeated", () => {
  it("resumes a run whose runner died mid-step on a new runner, running each finished step once", async () => {
    const calls = { one: 0, two: 0, threeEntered: 0, three: 0 };
    const blockThree = createGate();
    let dead = true;
    const fn = inngest.createFunction({ id: "resume-after-crash", triggers: [{ event: "test/resume" }] }, async ({ step }) => {
      const a = await step.run("one", () => ++calls.one);
      const b = await step.run("two", () => a + ++calls.two);
      const c = await step.run("three", async () => {
        calls.threeEntered += 1;
        if (dead) await blockThree.promise;
        calls.three += 1;
        return b + 1;
      });
      return { a, b, c };
    });
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const first = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    await inngest.send({ name: "test/resume", data: {} });
    const firstDrain = first.drain();
    await expect.poll(() => calls.threeEntered).toBe(1);
    first.kill();

    const [stuck] = await listRuns("resume-after-crash");
    expect(stuck).toMatchObject({ status: "running", locked_by: first.workerId });
    expect(await listSteps(stuck!.id)).toEqual({ one: "data", two: "data" });

    // A second runner leaves the run alone while the dead runner's lease is live...
    const second = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    dead = false;
    await second.drain();
    expect(calls.threeEntered).toBe(1);
    // ...and takes it over once the lease has expired.
    clock.advance(LEASE_MS + 1);
    await second.drain();

    expect(calls).toEqual({ one: 1, two: 1, threeEntered: 2, three: 1 });
    const [done] = await listRuns("resume-after-crash");
    expect(done).toMatchObject({ status: "completed", result: { a: 1, b: 2, c: 3 }, locked_by: null });
    expect(await listSteps(done!.id)).toEqual({ one: "data", two: "data", three: "data" });

    // The dead runner's step finishing late changes nothing: it writes no more.
    blockThree.open();
    await firstDrain;
    expect(calls.three).toBe(2);
    expect((await listRuns("resume-after-crash"))[0]).toMatchObject({ status: "completed", result: { a: 1, b: 2, c: 3 } });
  });

  it("refuses the late writes of a runner that stalled past its lease after another runner took the run over", async () => {
    const stall = createGate();
    const holdAfter = createGate();
    const calls = { slow: 0, after: 0 };
    const fn = inngest.createFunction({ id: "stalled-runner", triggers: [{ event: "test/stall" }] }, async ({ step }) => {
      const slow = await step.run("slow", async () => {
        calls.slow += 1;
        if (calls.slow === 1) {
          await stall.promise;
          return "from the stalled runner";
        }
        return "from the new owner";
      });
      await step.run("after", async () => {
        calls.after += 1;
        if (calls.after === 1) await holdAfter.promise;
      });
      return slow;
    });
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const stalledRunner = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    await inngest.send({ name: "test/stall", data: {} });
    const stalledDrain = stalledRunner.drain();
    await expect.poll(() => calls.slow).toBe(1);

    // The lease runs out; another runner takes the run over and is busy with the next step...
    clock.advance(LEASE_MS + 1);
    const owner = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    const ownerDrain = owner.drain();
    await expect.poll(() => calls.after).toBe(1);

    // ...when the stalled runner wakes up: its result is refused and it goes no further.
    stall.open();
    await stalledDrain;
    expect(calls).toEqual({ slow: 2, after: 1 });

    holdAfter.open();
    await ownerDrain;
    expect(calls).toEqual({ slow: 2, after: 1 });
    expect((await listRuns("stalled-runner"))[0]).toMatchObject({ status: "completed", result: "from the new owner", locked_by: null });
  });
});

describe("embedded runner: clean stop", () => {
  it("stop() lets the current step finish, stores it and hands the run back for another instance", async () => {
    const hold = createGate();
    const calls = { first: 0, second: 0 };
    const fn = inngest.createFunction({ id: "stopped-cleanly", triggers: [{ event: "test/stop" }] }, async ({ step }) => {
      await step.run("first", async () => {
        calls.first += 1;
        await hold.promise;
      });
      await step.run("second", () => ++calls.second);
    });
    const runner = createWorkflowRunner({ functions: [fn], pollIntervalMs: 50 });
    runner.start();
    await inngest.send({ name: "test/stop", data: {} });
    await expect.poll(() => calls.first).toBe(1);

    const stopped = runner.stop();
    hold.open();
    await stopped;
    expect(runner.activeRuns).toBe(0);
    const [handedBack] = await listRuns("stopped-cleanly");
    expect(handedBack).toMatchObject({ status: "queued", locked_by: null, locked_until: null });
    expect(await listSteps(handedBack!.id)).toEqual({ first: "data" });
    expect(calls).toEqual({ first: 1, second: 0 });

    // A stopped runner claims nothing more.
    expect(await runner.pump()).toBe(0);

    await createWorkflowRunner({ functions: [fn] }).drain();
    expect(calls).toEqual({ first: 1, second: 1 });
    expect((await listRuns("stopped-cleanly"))[0]!.status).toBe("completed");
  });
});

describe("embedded runner: retries", () => {
  it("retries a failing step after the backoff, then succeeds", async () => {
    let attempts = 0;
    const backoffCalls: number[] = [];
    const fn = inngest.createFunction({ id: "flaky-step", retries: 3, triggers: [{ event: "test/flaky" }] }, async ({ step }) => {
      const before = await step.run("before", () => "stored once");
      const flaky = await step.run("flaky", () => {
        attempts += 1;
        if (attempts < 3) throw new Error(`boom ${attempts}`);
        return `ok after ${attempts}`;
      });
      return { before, flaky };
    });
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const runner = createWorkflowRunner({
      functions: [fn],
      now: clock.now,
      leaseMs: LEASE_MS,
      backoff: (attempt) => {
        backoffCalls.push(attempt);
        return 60_000 * (attempt + 1);
      },
    });
    await inngest.send({ name: "test/flaky", data: {} });

    await runner.drain();
    expect(attempts).toBe(1);
    let [run] = await listRuns("flaky-step");
    expect(run).toMatchObject({ status: "queued", attempt: 1, error: { message: "boom 1" } });
    expect(run!.run_at).toBe(clock.now().getTime() + 60_000);

    await runner.drain(); // not due yet
    expect(attempts).toBe(1);

    clock.advance(60_000);
    await runner.drain();
    expect(attempts).toBe(2);
    [run] = await listRuns("flaky-step");
    expect(run).toMatchObject({ status: "queued", attempt: 2, error: { message: "boom 2" } });
    expect(run!.run_at).toBe(clock.now().getTime() + 120_000);

    clock.advance(120_000);
    await runner.drain();
    expect(attempts).toBe(3);
    expect(backoffCalls).toEqual([0, 1]);
    [run] = await listRuns("flaky-step");
    expect(run).toMatchObject({ status: "completed", attempt: 0, result: { before: "stored once", flaky: "ok after 3" } });
  });

  it("fails a function whose step always fails after its retries, and runs onFailure once with the error and the event", async () => {
    let attempts = 0;
    const failures: { message: string; originalData: unknown; functionId: string }[] = [];
    const fn = inngest.createFunction(
      {
        id: "always-fails",
        retries: 2,
        triggers: [{ event: "test/doomed" }],
        onFailure: async ({ error, event, step }) => {
          await step.run("record-failure", () => {
            failures.push({ message: error.message, originalData: event.data.event.data, functionId: event.data.function_id });
          });
        },
      },
      async ({ step }) => {
        await step.run("doomed", () => {
          attempts += 1;
          throw new Error(`attempt ${attempts} failed`);
        });
      },
    );
    const runner = createWorkflowRunner({ functions: [fn], backoff: () => 0, leaseMs: LEASE_MS });
    await inngest.send({ name: "test/doomed", data: { order: 42 } });
    await runner.drain();

    expect(attempts).toBe(3);
    const runs = await listRuns("always-fails");
    expect(runs.map((r) => [r.handler, r.status])).toEqual([
      ["main", "failed"],
      ["failure", "completed"],
    ]);
    expect(runs[0]!.error).toMatchObject({ message: "attempt 3 failed" });
    expect(failures).toEqual([{ message: "attempt 3 failed", originalData: { order: 42 }, functionId: "pookai-always-fails" }]);
  });

  it("does not retry a NonRetriableError, and lets a function catch a step that ran out of attempts", async () => {
    let fatalCalls = 0;
    let flakyCalls = 0;
    const fatal = inngest.createFunction({ id: "fatal", retries: 4, triggers: [{ event: "test/fatal" }] }, async ({ step }) => {
      await step.run("fatal-step", () => {
        fatalCalls += 1;
        throw new NonRetriableError("account closed");
      });
    });
    const recovering = inngest.createFunction({ id: "recovering", retries: 1, triggers: [{ event: "test/recover" }] }, async ({ step }) => {
      try {
        await step.run("flaky", () => {
          flakyCalls += 1;
          throw new Error("still down");
        });
      } catch (error) {
        return await step.run("fallback", () => `fell back after: ${(error as Error).message}`);
      }
    });
    const runner = createWorkflowRunner({ functions: [fatal, recovering], backoff: () => 0, leaseMs: LEASE_MS });
    await inngest.send([
      { name: "test/fatal", data: {} },
      { name: "test/recover", data: {} },
    ]);
    await runner.drain();

    expect(fatalCalls).toBe(1);
    expect((await listRuns("fatal"))[0]).toMatchObject({ status: "failed", error: { message: "account closed" } });
    expect(flakyCalls).toBe(2);
    const [recovered] = await listRuns("recovering");
    expect(recovered).toMatchObject({ status: "completed", result: "fell back after: still down" });
    expect(await listSteps(recovered!.id)).toEqual({ flaky: "error", fallback: "data" });
  });
});
