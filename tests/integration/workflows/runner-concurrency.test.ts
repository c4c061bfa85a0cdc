import { describe, expect, it } from "vitest";
import { inngest } from "@/lib/events/client";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { createGate, listRuns } from "./fixtures/workflow-test-kit";

function createScanProbe() {
  const gates = new Map<string, ReturnType<typeof createGate>>();
  const active = new Map<string, number>();
  const probe = {
    entered: [] as string[],
    exited: [] as string[],
    overlaps: [] as string[],
    gate: (tag: string) => {
      if (!gates.has(tag)) gates.set(tag, createGate());
      return gates.get(tag)!;
    },
    async scan(key: string, tag: string) {
      probe.entered.push(tag);
      active.set(key, (active.get(key) ?? 0) + 1);
      if (active.get(key)! > 1) probe.overlaps.push(key);
      await probe.gate(tag).promise;
      active.set(key, active.get(key)! - 1);
      probe.exited.push(tag);
    },
  };
  return probe;
}

describe("embedded runner: concurrency and singleton", () => {
  it("never overlaps two runs with the same concurrency key, across runner instances, while other keys run in parallel", async () => {
    const probe = createScanProbe();
    const fn = inngest.createFunction(
      { id: "scan-mailbox", concurrency: { key: "event.data.integration_id", limit: 1 }, triggers: [{ event: "test/scan" }] },
      async ({ event, step }) => {
        await step.run("scan", () => probe.scan(event.data.integration_id, event.data.tag));
      },
    );
    const runners = [1, 2, 3].map(() => createWorkflowRunner({ functions: [fn], maxConcurrentRuns: 1 }));
    await inngest.send([
      { name: "test/scan", data: { integration_id: "A", tag: "a1" } },
      { name: "test/scan", data: { integration_id: "A", tag: "a2" } },
      { name: "test/scan", data: { integration_id: "B", tag: "b1" } },
    ]);
    expect(await runners[0]!.pump()).toBe(1);
    expect(await runners[1]!.pump()).toBe(1);
    await expect.poll(() => [...probe.entered].sort()).toEqual(["a1", "b1"]);

    // A third instance with free capacity still may not start a2 while a1 runs.
    expect(await runners[2]!.pump()).toBe(0);
    expect((await listRuns("scan-mailbox")).map((r) => [r.event.data.tag, r.status])).toEqual([
      ["a1", "running"],
      ["a2", "queued"],
      ["b1", "running"],
    ]);

    const drains = runners.map((r) => r.drain());
    probe.gate("a1").open();
    await expect.poll(() => probe.entered.includes("a2")).toBe(true);
    expect(probe.exited.includes("a1")).toBe(true);
    probe.gate("a2").open();
    probe.gate("b1").open();
    await Promise.all(drains);

    expect(probe.overlaps).toEqual([]);
    expect((await listRuns("scan-mailbox")).every((r) => r.status === "completed")).toBe(true);
  });

  it("singleton skip: a second run for a key that already has an active run is skipped", async () => {
    const probe = createScanProbe();
    const fn = inngest.createFunction(
      { id: "sync-mailbox", singleton: { key: "event.data.integration_id", mode: "skip" }, triggers: [{ event: "test/sync" }] },
      async ({ event, step }) => {
        await step.run("sync", () => probe.scan(event.data.integration_id, event.data.tag));
      },
    );
    const runner = createWorkflowRunner({ functions: [fn] });
    await inngest.send({ name: "test/sync", data: { integration_id: "A", tag: "first" } });
    await runner.pump();
    await expect.poll(() => probe.entered).toEqual(["first"]);
    await inngest.send([
      { name: "test/sync", data: { integration_id: "A", tag: "second" } },
      { name: "test/sync", data: { integration_id: "B", tag: "other" } },
    ]);
    const drain = runner.drain();
    await expect.poll(() => [...probe.entered].sort()).toEqual(["first", "other"]);
    probe.gate("first").open();
    probe.gate("other").open();
    await drain;

    expect(probe.entered.sort()).toEqual(["first", "other"]);
    expect((await listRuns("sync-mailbox")).map((r) => [r.event.data.tag, r.status])).toEqual([
      ["first", "completed"],
      ["second", "skipped"],
      ["other", "completed"],
    ]);
  });
  it("singleton cancel: a new run cancels the active one, which stops after its current step and never overlaps the new one", async () => {
    const probe = createScanProbe();
    const finished: string[] = [];
    const fn = inngest.createFunction(
      { id: "replace-sync", singleton: { key: "event.data.integration_id", mode: "cancel" }, triggers: [{ event: "test/replace" }] },
      async ({ event, step }) => {
        await step.run("sync", () => probe.scan(event.data.integration_id, event.data.tag));
        await step.run("finish", () => finished.push(event.data.tag));
      },
    );
    const runner = createWorkflowRunner({ functions: [fn] });
    await inngest.send({ name: "test/replace", data: { integration_id: "A", tag: "old" } });
    await runner.pump();
    await expect.poll(() => probe.entered).toEqual(["old"]);

    await inngest.send({ name: "test/replace", data: { integration_id: "A", tag: "new" } });
    expect(await runner.pump()).toBe(0); // the old run still holds the key while its step runs
    expect((await listRuns("replace-sync")).map((r) => [r.event.data.tag, r.status])).toEqual([
      ["old", "cancelled"],
      ["new", "queued"],
    ]);

    const drain = runner.drain();
    probe.gate("old").open();
    probe.gate("new").open();
    await drain;

    expect(probe.overlaps).toEqual([]);
    expect(finished).toEqual(["new"]);
    expect((await listRuns("replace-sync")).map((r) => [r.event.data.tag, r.status, r.locked_by])).toEqual([
      ["old", "cancelled", null],
      ["new", "completed", null],
    ]);
  });
});
