import { describe, expect, it } from "vitest";
import { inngest } from "@/lib/events/client";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { createGate, createTestClock, listRuns, listSteps } from "./fixtures/workflow-test-kit";

const HOUR = 3_600_000;
const LEASE_MS = 600_000;
const CANCEL_ON = [{ event: "test/call.cancelled", if: "async.data.call_id == event.data.call_id" }];

const drainNow = (runner: ReturnType<typeof createWorkflowRunner>) => runner.drain({ settleMs: 0 });

describe("embedded runner: cancelOn", () => {
  it("cancels the sleeping, waiting and queued runs a matching event names, and nothing else, whichever instance dispatches it", async () => {
    const dialled: string[] = [];
    const fn = inngest.createFunction(
      // One call start per user per hour: the second call for u1 stays queued behind the first.
      { id: "urgent-call", cancelOn: CANCEL_ON, throttle: { key: "event.data.user_id", limit: 1, period: "1h" }, triggers: [{ event: "test/call" }] },
      async ({ event, step }) => {
        if (event.data.wait)
          await step.waitForEvent("answered", { event: "test/call.answered", timeout: "1h", if: "async.data.call_id == event.data.call_id" });
        else await step.sleep("quiet-hours", "8h");
        await step.run("dial", () => dialled.push(event.data.call_id));
      },
    );
    const clock = createTestClock("2030-03-01T22:00:00Z");
    const [first, second] = [1, 2].map(() => createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS }));
    await inngest.send([
      { name: "test/call", data: { call_id: "sleeping", user_id: "u1" } },
      { name: "test/call", data: { call_id: "waiting", user_id: "u2", wait: true } },
      { name: "test/call", data: { call_id: "kept", user_id: "u3" } },
    ]);
    await drainNow(first!);
    expect((await listRuns("urgent-call")).map((r) => r.status)).toEqual(["sleeping", "sleeping", "sleeping"]);
    await inngest.send({ name: "test/call", data: { call_id: "queued", user_id: "u1" } });
    await drainNow(first!);
    expect((await listRuns("urgent-call")).map((r) => r.status)).toEqual(["sleeping", "sleeping", "sleeping", "queued"]);

    await inngest.send([
      { name: "test/call.cancelled", data: { call_id: "sleeping" } },
      { name: "test/call.cancelled", data: { call_id: "waiting" } },
      { name: "test/call.cancelled", data: { call_id: "queued" } },
      { name: "test/call.cancelled", data: { call_id: "unknown" } },
      { name: "test/call.cancelled", data: {} },
    ]);
    await drainNow(second!);
    const runs = await listRuns("urgent-call");
    expect(runs.map((r) => [r.event.data.call_id, r.status, r.locked_by])).toEqual([
      ["sleeping", "cancelled", null],
      ["waiting", "cancelled", null],
      ["kept", "sleeping", null],
      ["queued", "cancelled", null],
    ]);
    expect(runs[0]!.error).toEqual({ name: "Cancelled", message: expect.stringMatching(/^Cancelled by event "test\/call\.cancelled" \(/) });

    // A matching answer after the cancellation changes nothing; the kept run goes on after its sleep.
    await inngest.send({ name: "test/call.answered", data: { call_id: "waiting" } });
    clock.advance(8 * HOUR);
    await drainNow(first!);
    expect(dialled).toEqual(["kept"]);
    expect((await listRuns("urgent-call")).map((r) => r.status)).toEqual(["cancelled", "cancelled", "completed", "cancelled"]);
  });

  it("lets a running run finish its current step, then stops it: no later step runs and the run stays cancelled", async () => {
    const inStep = createGate();
    const release = createGate();
    const calls = { ringing: 0, speak: 0 };
    const fn = inngest.createFunction({ id: "ringing-call", cancelOn: CANCEL_ON, triggers: [{ event: "test/ring" }] }, async ({ step }) => {
      await step.run("ring", async () => {
        calls.ringing += 1;
        inStep.open();
        await release.promise;
        return "answered";
      });
      await step.run("speak", () => ++calls.speak);
    });
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const worker = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    const other = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    await inngest.send({ name: "test/ring", data: { call_id: "c-9" } });
    const working = drainNow(worker);
    await inStep.promise;

    await inngest.send({ name: "test/call.cancelled", data: { call_id: "c-9" } });
    await drainNow(other);
    const [cancelled] = await listRuns("ringing-call");
    // Cancelled at once; its runner still holds the lease until the step in progress ends.
    expect(cancelled).toMatchObject({ status: "cancelled", locked_by: worker.workerId });

    release.open();
    await working;
    expect(calls).toEqual({ ringing: 1, speak: 0 });
    const [after] = await listRuns("ringing-call");
    expect(after).toMatchObject({ status: "cancelled", locked_by: null });
    expect(await listSteps(after!.id)).toEqual({});
  });

  it("cancels a run whose runner died mid-step: once the dead lease expires no instance takes it over", async () => {
    const inStep = createGate();
    const calls = { ring: 0, speak: 0 };
    const fn = inngest.createFunction({ id: "orphaned-call", cancelOn: CANCEL_ON, triggers: [{ event: "test/orphan" }] }, async ({ step }) => {
      await step.run("ring", async () => {
        calls.ring += 1;
        inStep.open();
        await new Promise(() => {});
      });
      await step.run("speak", () => ++calls.speak);
    });
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const doomed = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    await inngest.send({ name: "test/orphan", data: { call_id: "c-10" } });
    void drainNow(doomed);
    await inStep.promise;
    doomed.kill();

    const successor = createWorkflowRunner({ functions: [fn], now: clock.now, leaseMs: LEASE_MS });
    await inngest.send({ name: "test/call.cancelled", data: { call_id: "c-10" } });
    await drainNow(successor);
    clock.advance(LEASE_MS + 1);
    await drainNow(successor);
    expect(calls).toEqual({ ring: 1, speak: 0 });
    const [run] = await listRuns("orphaned-call");
    expect(run).toMatchObject({ status: "cancelled", attempt: 0 });
    expect(await listSteps(run!.id)).toEqual({});
  });

  it("honours the cancellation timeout: an event later than `timeout` after the run was created cancels nothing", async () => {
    const fn = inngest.createFunction(
      // `match` is deprecated in favour of `if` but Inngest still honours it, so the runner must too.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      { id: "reminder", cancelOn: [{ event: "test/reminder.deleted", match: "data.reminder_id", timeout: "1h" }], triggers: [{ event: "test/reminder" }] },
      async ({ step }) => {
        await step.sleep("until-due", "3h");
      },
    );
    const clock = createTestClock("2030-03-01T10:00:00Z");
    const runner = createWorkflowRunner({ functions: [fn], now: clock.now });
    await inngest.send([
      { name: "test/reminder", data: { reminder_id: "early" } },
      { name: "test/reminder", data: { reminder_id: "late" } },
    ]);
    await drainNow(runner);
    clock.advance(HOUR - 1);
    await inngest.send({ name: "test/reminder.deleted", data: { reminder_id: "early" } });
    await drainNow(runner);
    clock.advance(2);
    await inngest.send({ name: "test/reminder.deleted", data: { reminder_id: "late" } });
    await drainNow(runner);
    expect((await listRuns("reminder")).map((r) => [r.event.data.reminder_id, r.status])).toEqual([
      ["early", "cancelled"],
      ["late", "sleeping"],
    ]);
  });
});
