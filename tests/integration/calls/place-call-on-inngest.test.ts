import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { clearQuietHours } from "@/tests/helpers/seed";
import { startFakeInngest, type CallRecord } from "@/tests/fakes/inngest-executor";
import { startTwilioFake } from "@/tests/fakes/twilio-server";
import { api, registerTestUser } from "@/tests/helpers/api";
import { startAppHttpServer } from "@/tests/helpers/app-http-server";
import { useFake } from "@/tests/helpers/use-fake";
import { setEnv } from "@/tests/integration/providers/env-scope";

/*
 * The deployed path of the call workflow: an Inngest server (the loopback executor) runs place-call
 * through the app's own /api/inngest, memoizing each step and answering its waitForEvent with the event
 * the app sent it when the carrier's callback ended the attempt.
 */

const inngestServer = useFake(() => startFakeInngest());
const twilioFake = useFake(() => startTwilioFake());
let app: Awaited<ReturnType<typeof startAppHttpServer>>;
let restoreEnv: () => void;

beforeAll(async () => {
  // The Inngest client and serve() read their environment when created: load them after useFake set it.
  vi.resetModules();
  app = await startAppHttpServer();
  restoreEnv = setEnv({ APP_URL: app.url });
});
afterAll(async () => {
  restoreEnv();
  await app.stop();
  vi.resetModules();
});

const ops = (calls: CallRecord[]) => calls.flatMap((c) => c.ops.map((o) => o.op));

describe("place-call on Inngest", () => {
  it("dials once, waits for the attempt's end, settles and completes, step by step through /api/inngest", { timeout: 240_000 }, async () => {
    const user = await registerTestUser({ name: "Ira Stone" });
    const phone = "+15550609001";
    const db = await getDb();
    await db.update(users).set({ phone_number: phone, phone_confirmed_at: new Date() }).where(eq(users.id, user.user.id));
    await clearQuietHours(user.user.id);
    twilioFake.setScenario(phone, { answer: "human", inputs: [{ digits: "0" }] });

    const res = await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "The deploy is stuck" } });
    const callId = res.body.data.call.id as string;
    const requested = inngestServer.events().find((e) => e.name === "call/requested" && e.data.call_id === callId);
    expect(requested).toMatchObject({ id: `call-requested-${callId}`, data: { user_id: user.user.id, call_id: callId } });

    const waits: string[] = [];
    const run = await inngestServer.runThroughServe("place-call", requested!, {
      onWaitForEvent: async (op) => {
        waits.push(`${op.event} if ${op.if ?? ""}`);
        await twilioFake.waitForIdle();
        return inngestServer.events().find((e) => e.name === op.event && e.data.call_id === callId) ?? null;
      },
    });

    expect(run.status).toBe("completed");
    expect(run.result).toMatchObject({ state: "final", outcome: "answered" });
    expect(ops(run.calls).filter((o) => o === "StepRun")).toHaveLength(4); // prepare, compose, dial-1, settle-1-0
    expect(waits).toEqual(["call/attempt.ended if async.data.call_id == event.data.call_id && async.data.attempt == 1"]);
    const ended = inngestServer.events().filter((e) => e.name === "call/attempt.ended");
    expect(ended).toEqual([expect.objectContaining({ id: `call-attempt-ended-${callId}-1`, data: expect.objectContaining({ outcome: "answered" }) })]);
    expect(twilioFake.calls()).toHaveLength(1);
    const call = (await api("GET", `/api/calls/${callId}`, { token: user.token })).body.data.call;
    expect(call).toMatchObject({ status: "completed", outcome: "answered", attempts: 1, commands: [expect.objectContaining({ action: "goodbye" })] });
  });
});
