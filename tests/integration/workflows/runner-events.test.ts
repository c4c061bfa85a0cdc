import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ZodError } from "zod";
import { inngest } from "@/lib/events/client";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { sendEvent } from "@/lib/events/send-event";
import { listRuns } from "./fixtures/workflow-test-kit";

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

describe("embedded runner: events", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env.INNGEST_EVENT_KEY;
  });

  it("step.sendEvent triggers another function, with an event id derived from the run and the step", async () => {
    const consumed: unknown[] = [];
    const producer = inngest.createFunction({ id: "producer", triggers: [{ event: "test/produce" }] }, async ({ event, step }) => {
      const sent = await step.sendEvent("emit", { name: "test/consume", data: { n: event.data.n } });
      await step.run("after-send", () => "done");
      return sent.ids;
    });
    const consumer = inngest.createFunction({ id: "consumer", triggers: [{ event: "test/consume" }] }, async ({ event, step }) => {
      await step.run("record", () => consumed.push(event.data.n));
    });
    const runner = createWorkflowRunner({ functions: [producer, consumer] });
    await inngest.send({ name: "test/produce", data: { n: 7 } });
    await runner.drain();

    expect(consumed).toEqual([7]);
    const [produced] = await listRuns("producer");
    const [consumerRun] = await listRuns("consumer");
    expect(produced!.status).toBe("completed");
    // The id is derived from the run and the step: a re-run of the step would send the same id.
    expect(consumerRun!.event_id).toBe(`${produced!.id}:${sha1("emit")}:0`);
    expect(produced!.result).toEqual([consumerRun!.event_id]);
    expect(consumerRun!.status).toBe("completed");
  });

  it("drops an event whose id was already sent, and fans one event out to every function it triggers", async () => {
    const seen: string[] = [];
    const first = inngest.createFunction({ id: "first-listener", triggers: [{ event: "test/fanout" }] }, async () => seen.push("first"));
    const second = inngest.createFunction({ id: "wildcard-listener", triggers: [{ event: "test/*" }] }, async () => seen.push("wildcard"));
    const runner = createWorkflowRunner({ functions: [first, second] });
    await inngest.send({ name: "test/fanout", data: {}, id: "order-1" });
    await inngest.send({ name: "test/fanout", data: {}, id: "order-1" });
    await runner.drain();
    expect(seen.sort()).toEqual(["first", "wildcard"]);
    expect(await listRuns("first-listener")).toHaveLength(1);
  });

  it("sendEvent validates against the catalogue and goes to the embedded inbox when Inngest is not configured", async () => {
    const send = vi.spyOn(inngest, "send");
    const userId = "6a1f0a55-3c55-4a8e-9a52-1d6b4a0e2f11";
    const received: unknown[] = [];
    const listener = inngest.createFunction({ id: "account-listener", triggers: [{ event: "account/deleted" }] }, async ({ event }) => {
      received.push(event.data);
    });
    const runner = createWorkflowRunner({ functions: [listener] });

    await expect(sendEvent({ name: "account/deleted", data: { user_id: "not-a-uuid" } })).rejects.toBeInstanceOf(ZodError);
    const { ids } = await sendEvent({ name: "account/deleted", data: { user_id: userId } });
    await runner.drain();

    expect(ids).toHaveLength(1);
    expect(send).not.toHaveBeenCalled();
    expect(received).toEqual([{ user_id: userId }]);
    expect((await listRuns("account-listener"))[0]!.event_id).toBe(ids[0]);
  });

  it("sendEvent goes to inngest.send() when Inngest is configured", async () => {
    process.env.INNGEST_EVENT_KEY = "test-key";
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["from-inngest"] });
    const userId = "6a1f0a55-3c55-4a8e-9a52-1d6b4a0e2f11";
    const result = await sendEvent({ name: "account/deleted", data: { user_id: userId } });
    expect(result).toEqual({ ids: ["from-inngest"] });
    expect(send).toHaveBeenCalledWith([{ name: "account/deleted", data: { user_id: userId } }]);
  });
});
