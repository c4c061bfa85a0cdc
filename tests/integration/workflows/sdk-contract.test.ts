import { createHash } from "node:crypto";
import { NonRetriableError, RetryAfterError } from "inngest";
import { describe, expect, it } from "vitest";
import { inngest } from "@/lib/events/client";
import { executeFunction, type MemoizedStep } from "@/lib/workflows/execute-function";

/*
 * The embedded runner drives function objects through the SDK's internal execution API. These tests
 * pin what that API returns for every situation the runner handles: if an inngest upgrade changes any
 * of it, they fail here, before the runner misbehaves.
 */
const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
const event = { name: "test/contract", data: { n: 1 } };

function run(
  fn: Parameters<typeof executeFunction>[0]["fn"],
  steps: MemoizedStep[] = [],
  extra: { attempt?: number; maxAttempts?: number; runStep?: string } = {},
) {
  return executeFunction({ fn, handler: "main", runId: "run-contract", event, attempt: 0, maxAttempts: 4, steps, ...extra });
}

describe("Inngest SDK execution contract (inngest pinned in package.json)", () => {
  it("runs one new step per call, keyed by sha1 of its id, replaying memoized ones", async () => {
    let calls = 0;
    const fn = inngest.createFunction({ id: "contract-seq", triggers: [{ event: "test/contract" }] }, async ({ step }) => {
      const a = await step.run("a", () => (calls++, 1));
      const b = await step.run("b", () => (calls++, a + 1));
      return { a, b };
    });
    expect(await run(fn)).toEqual({ type: "step-succeeded", key: sha1("a"), id: "a", data: 1 });
    expect(await run(fn, [{ key: sha1("a"), data: 1 }])).toEqual({ type: "step-succeeded", key: sha1("b"), id: "b", data: 2 });
    expect(
      await run(fn, [
        { key: sha1("a"), data: 1 },
        { key: sha1("b"), data: 2 },
      ]),
    ).toEqual({ type: "completed", data: { a: 1, b: 2 } });
    expect(calls).toBe(2);
  });

  it("reports sleeps (duration or ISO date) and parallel steps, and runs a requested step", async () => {
    const until = new Date("2031-01-01T00:00:00.000Z");
    const fn = inngest.createFunction({ id: "contract-found", triggers: [{ event: "test/contract" }] }, async ({ step }) => {
      await step.sleep("nap", "26h");
      await step.sleepUntil("until", until);
      return Promise.all([step.run("p1", () => "one"), step.run("p2", () => "two")]);
    });
    expect(await run(fn)).toEqual({ type: "steps-found", steps: [{ kind: "sleep", key: sha1("nap"), id: "nap", name: "1d2h" }] });
    const slept = [{ key: sha1("nap"), data: null }];
    expect(await run(fn, slept)).toEqual({
      type: "steps-found",
      steps: [{ kind: "sleep", key: sha1("until"), id: "until", name: until.toISOString() }],
    });
    const both = [...slept, { key: sha1("until"), data: null }];
    expect(await run(fn, both)).toEqual({
      type: "steps-found",
      steps: [
        { kind: "run", key: sha1("p1"), id: "p1" },
        { kind: "run", key: sha1("p2"), id: "p2" },
      ],
    });
    expect(await run(fn, both, { runStep: sha1("p2") })).toEqual({ type: "step-succeeded", key: sha1("p2"), id: "p2", data: "two" });
  });

  it("reports a throwing step as retriable until its last attempt, then as failed; a memoized error rejects the function", async () => {
    const fn = inngest.createFunction({ id: "contract-error", triggers: [{ event: "test/contract" }] }, async ({ step }) => {
      await step.run("boom", () => {
        throw new Error("kaput");
      });
    });
    expect(await run(fn, [], { attempt: 0, maxAttempts: 2 })).toMatchObject({
      type: "step-errored",
      key: sha1("boom"),
      id: "boom",
      retriable: true,
      error: { name: "Error", message: "kaput" },
    });
    const failed = await run(fn, [], { attempt: 1, maxAttempts: 2 });
    expect(failed).toMatchObject({ type: "step-failed", key: sha1("boom"), error: { message: "kaput" } });
    if (failed.type !== "step-failed") throw new Error("expected step-failed");
    expect(await run(fn, [{ key: sha1("boom"), error: failed.error }])).toMatchObject({
      type: "rejected",
      retriable: false,
      error: { message: "kaput" },
    });
  });

  it("honours NonRetriableError, RetryAfterError and errors thrown outside steps", async () => {
    const fatal = inngest.createFunction({ id: "contract-fatal", triggers: [{ event: "test/contract" }] }, async ({ step }) => {
      await step.run("fatal", () => {
        throw new NonRetriableError("no");
      });
    });
    const later = inngest.createFunction({ id: "contract-later", triggers: [{ event: "test/contract" }] }, async ({ step }) => {
      await step.run("later", () => {
        throw new RetryAfterError("busy", "30s");
      });
    });
    const body = inngest.createFunction({ id: "contract-body", triggers: [{ event: "test/contract" }] }, async () => {
      throw new Error("outside");
    });
    expect(await run(fatal)).toMatchObject({ type: "step-failed", error: { name: "NonRetriableError", message: "no" } });
    expect(await run(later)).toMatchObject({ type: "step-errored", retriable: "30" });
    expect(await run(body)).toMatchObject({ type: "rejected", retriable: true, error: { message: "outside" } });
    expect(await run(body, [], { attempt: 3, maxAttempts: 4 })).toMatchObject({ type: "rejected", retriable: false });
  });

  it("runs onFailure with the error of an inngest/function.failed event", async () => {
    const fn = inngest.createFunction(
      { id: "contract-failure", triggers: [{ event: "test/contract" }], onFailure: ({ error, event }) => `${error.message} in ${event.data.function_id}` },
      async () => "never",
    );
    const failureEvent = {
      name: "inngest/function.failed",
      data: { error: { name: "Error", message: "broke" }, event, function_id: "pookai-contract-failure", run_id: "r" },
    };
    const outcome = await executeFunction({ fn, handler: "failure", runId: "r-f", event: failureEvent, attempt: 0, maxAttempts: 2, steps: [] });
    expect(outcome).toEqual({ type: "completed", data: "broke in pookai-contract-failure" });
  });

  it("reports step.waitForEvent with its event, timeout and condition (match becomes an expression), and resumes with the memoized event or null", async () => {
    const fn = inngest.createFunction({ id: "contract-wait", triggers: [{ event: "test/contract" }] }, async ({ step }) => {
      const [reply, other] = await Promise.all([
        step.waitForEvent("wait-reply", { event: "test/reply", timeout: "1h", if: "async.data.n == event.data.n" }),
        step.waitForEvent("wait-other", { event: "test/other", timeout: new Date("2030-01-01T00:00:00Z"), match: "data.n" }),
      ]);
      return { reply, other };
    });
    expect(await run(fn)).toEqual({
      type: "steps-found",
      steps: [
        { kind: "wait", key: sha1("wait-reply"), id: "wait-reply", event: "test/reply", timeout: "1h", if: "async.data.n == event.data.n" },
        {
          kind: "wait",
          key: sha1("wait-other"),
          id: "wait-other",
          event: "test/other",
          timeout: "2030-01-01T00:00:00.000Z",
          if: "event.data.n == async.data.n",
        },
      ],
    });
    const reply = { name: "test/reply", data: { n: 1 }, id: "e-1", ts: 1 };
    expect(
      await run(fn, [
        { key: sha1("wait-reply"), data: reply },
        { key: sha1("wait-other"), data: null },
      ]),
    ).toEqual({ type: "completed", data: { reply, other: null } });
  });

  it("reports the step kinds the runner does not implement as unsupported", async () => {
    const other = inngest.createFunction({ id: "contract-other", triggers: [{ event: "test/other" }] }, async () => "done");
    const fn = inngest.createFunction({ id: "contract-invoke", triggers: [{ event: "test/contract" }] }, async ({ step }) => {
      await step.invoke("call-other", { function: other, data: {} });
    });
    expect(await run(fn)).toEqual({
      type: "steps-found",
      steps: [{ kind: "unsupported", key: sha1("call-other"), id: "call-other", op: "InvokeFunction" }],
    });
  });
});
