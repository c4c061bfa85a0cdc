import { describe, expect, it } from "vitest";
import { inngest } from "@/lib/events/client";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { createTestClock, listRuns } from "./fixtures/workflow-test-kit";

describe("embedded runner: cron triggers", () => {
  it("fires a TZ= cron at its slot in that zone, once per slot across two runner instances", async () => {
    const fired: { name: string; cron: unknown }[] = [];
    // 09:30 in Kolkata (UTC+05:30) is 04:00 UTC.
    const fn = inngest.createFunction({ id: "morning-digest", triggers: [{ cron: "TZ=Asia/Kolkata 30 9 * * *" }] }, async ({ event, step }) => {
      await step.run("digest", () => fired.push({ name: event.name, cron: (event.data as { cron?: string }).cron }));
    });
    const clock = createTestClock("2030-01-01T03:59:00Z");
    const runners = [createWorkflowRunner({ functions: [fn], now: clock.now }), createWorkflowRunner({ functions: [fn], now: clock.now })];

    await Promise.all(runners.map((r) => r.drain()));
    expect(await listRuns("morning-digest")).toEqual([]);

    clock.set("2030-01-01T04:00:30Z");
    await Promise.all(runners.map((r) => r.drain()));
    await Promise.all(runners.map((r) => r.drain()));
    let runs = await listRuns("morning-digest");
    expect(runs.map((r) => [r.event_id, r.status])).toEqual([["cron:morning-digest:2030-01-01T04:00:00.000Z", "completed"]]);
    expect(fired).toEqual([{ name: "inngest/scheduled.timer", cron: "TZ=Asia/Kolkata 30 9 * * *" }]);

    clock.set("2030-01-02T03:59:59Z");
    await Promise.all(runners.map((r) => r.drain()));
    expect(await listRuns("morning-digest")).toHaveLength(1);

    clock.set("2030-01-02T04:00:00Z");
    await Promise.all(runners.map((r) => r.drain()));
    runs = await listRuns("morning-digest");
    expect(runs.map((r) => r.event_id)).toEqual(["cron:morning-digest:2030-01-01T04:00:00.000Z", "cron:morning-digest:2030-01-02T04:00:00.000Z"]);
    expect(fired).toHaveLength(2);
  });

  it("fires only the latest slot missed while no instance ran, and nothing from before the first start", async () => {
    let fired = 0;
    const fn = inngest.createFunction({ id: "hourly", triggers: [{ cron: "0 * * * *" }] }, async () => ++fired);
    const clock = createTestClock("2030-01-01T10:30:00Z");
    const runner = createWorkflowRunner({ functions: [fn], now: clock.now });
    await runner.drain();
    expect(fired).toBe(0);

    clock.set("2030-01-01T15:10:00Z");
    await runner.drain();
    expect(fired).toBe(1);
    expect((await listRuns("hourly")).map((r) => r.event_id)).toEqual(["cron:hourly:2030-01-01T15:00:00.000Z"]);
  });
});
