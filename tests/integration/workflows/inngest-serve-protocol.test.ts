import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, queryRows } from "@/lib/db";
import { startFakeInngest, type CallRecord } from "@/tests/fakes/inngest-executor";
import { registerTestUser } from "@/tests/helpers/api";
import { seedSenders } from "@/tests/helpers/seed";
import { useFake } from "@/tests/helpers/use-fake";

/*
 * The deployed path: the same function objects, executed by Inngest through /api/inngest. The fake
 * executor speaks the server's side of the protocol (signed Call Requests, memoized steps, ops), so
 * these tests fail if a function only works on the embedded runner.
 */

const opsOf = (calls: CallRecord[]) => calls.map((c) => [c.status, ...c.ops.map((o) => o.op)]);

describe("functions run by an Inngest server through /api/inngest", () => {
  const inngestServer = useFake(() => startFakeInngest());
  // The Inngest client and serve() read their environment when created: load them after useFake set it.
  beforeAll(() => vi.resetModules());
  afterAll(() => vi.resetModules());

  it("runs the app's refresh-sender-suggestions through the app's own route, one signed call per step", async () => {
    const { user } = await registerTestUser();
    await seedSenders(user.id, [
      { email: "news@digest.example", sender_type: "newsletter", email_count: 12 },
      { email: "ci@builds.example", sender_type: "tool", latest_subject: "Build failed on main" },
      { email: "ana@friends.example", sender_type: "personal" },
    ]);
    const run = await inngestServer.runThroughServe("refresh-sender-suggestions", {
      name: "senders/suggestions.refresh-requested",
      data: { user_id: user.id },
    });

    expect(run).toMatchObject({ status: "completed", result: { domains: "all" } });
    // The SDK ran the only step at once, then the function returned with it memoized.
    expect(opsOf(run.calls)).toEqual([[206, "StepRun"], [200]]);
    const db = await getDb();
    const suggested = await queryRows<{ email: string; suggested_category: string }>(
      db,
      sql`select email, suggested_category from email_senders where user_id = ${user.id} order by email`,
    );
    expect(suggested).toEqual([
      { email: "ana@friends.example", suggested_category: "remind-me" },
      { email: "ci@builds.example", suggested_category: "call-me" },
      { email: "news@digest.example", suggested_category: "why-did-i-signup" },
    ]);
  });

  it("refuses a call signed with another key, running nothing", async () => {
    const { user } = await registerTestUser();
    const [sender] = await seedSenders(user.id, [{ sender_type: "newsletter", email_count: 12 }]);
    const impostor = await startFakeInngest();
    try {
      await expect(
        impostor.runThroughServe("refresh-sender-suggestions", { name: "senders/suggestions.refresh-requested", data: { user_id: user.id } }),
      ).rejects.toThrow(/unauthorized/);
    } finally {
      await impostor.stop();
    }
    const db = await getDb();
    const [row] = await queryRows<{ suggested_category: string | null }>(db, sql`select suggested_category from email_senders where id = ${sender!.id}`);
    expect(row!.suggested_category).toBeNull();
  });

  it("drives sleep, waitForEvent (matched and timed out), step.sendEvent, a retried step and parallel steps", async () => {
    const { inngest } = await import("@/lib/events/client");
    const { serve } = await import("inngest/next");
    const { NextRequest } = await import("next/server");
    let flakyAttempts = 0;
    const probe = inngest.createFunction({ id: "protocol-probe", triggers: [{ event: "test/probe" }] }, async ({ event, step }) => {
      const greeting = await step.run("greet", () => `hello ${event.data.name}`);
      await step.sleep("nap", "1h");
      const answer = await step.waitForEvent("await-answer", { event: "test/answered", timeout: "5m", if: "async.data.call_id == event.data.call_id" });
      const sent = await step.sendEvent("notify", { name: "test/notified", data: { call_id: event.data.call_id, answered: answer !== null } });
      const flaky = await step.run("flaky", () => {
        flakyAttempts += 1;
        if (flakyAttempts === 1) throw new Error("line busy");
        return flakyAttempts;
      });
      const [left, right] = await Promise.all([step.run("left", () => "L"), step.run("right", () => "R")]);
      return { greeting, answeredBy: (answer?.data as { by?: string } | undefined)?.by ?? null, sent: sent.ids, flaky, parallel: left + right };
    });
    const { POST } = serve({ client: inngest, functions: [probe] });
    const handler = (request: Request) => POST(new NextRequest(request), {});

    const waits: unknown[] = [];
    const sleeps: string[] = [];
    const answered = await inngestServer.runThroughServe(
      "protocol-probe",
      { name: "test/probe", data: { name: "Ada", call_id: "c-1" } },
      {
        handler,
        onSleep: (op) => void sleeps.push(op.until),
        onWaitForEvent: (op) => {
          waits.push(op);
          return { name: "test/answered", data: { call_id: "c-1", by: "human" }, id: "evt-answer", ts: Date.now() };
        },
      },
    );
    expect(answered.status).toBe("completed");
    const notified = inngestServer.events().filter((e) => e.name === "test/notified");
    expect(answered.result).toEqual({ greeting: "hello Ada", answeredBy: "human", sent: [notified[0]!.id], flaky: 2, parallel: "LR" });
    expect(notified).toEqual([expect.objectContaining({ data: { call_id: "c-1", answered: true } })]);
    expect(sleeps).toEqual(["1h"]);
    expect(waits).toEqual([
      { id: expect.any(String), displayName: "await-answer", event: "test/answered", timeout: "5m", if: "async.data.call_id == event.data.call_id" },
    ]);
    expect(opsOf(answered.calls)).toEqual([
      [206, "StepRun"],
      [206, "Sleep"],
      [206, "WaitForEvent"],
      [206, "StepRun"],
      [206, "StepError"],
      [206, "StepRun"],
      [206, "StepPlanned", "StepPlanned"],
      [206, "StepRun"],
      [206, "StepRun"],
      [200],
    ]);
    // The retried step was called again as attempt 1.
    expect(answered.calls[5]!.attempt).toBe(1);

    const timedOut = await inngestServer.runThroughServe("protocol-probe", { name: "test/probe", data: { name: "Bob", call_id: "c-2" } }, { handler });
    expect(timedOut).toMatchObject({ status: "completed", result: { greeting: "hello Bob", answeredBy: null, flaky: 3, parallel: "LR" } });
    expect(
      inngestServer
        .events()
        .filter((e) => e.name === "test/notified")
        .map((e) => e.data),
    ).toEqual([
      { call_id: "c-1", answered: true },
      { call_id: "c-2", answered: false },
    ]);
  });
});
