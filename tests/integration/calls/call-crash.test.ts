import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { functions } from "@/inngest/functions";
import { getCall } from "@/lib/calls/get-call";
import { getDb } from "@/lib/db";
import { callAttempts, users } from "@/lib/db/schema";
import { clearQuietHours } from "@/tests/helpers/seed";
import { createWorkflowRunner } from "@/lib/workflows/embedded-runner";
import { startTwilioFake } from "@/tests/fakes/twilio-server";
import { api, registerTestUser } from "@/tests/helpers/api";
import { startAppHttpServer } from "@/tests/helpers/app-http-server";
import { useFake } from "@/tests/helpers/use-fake";
import { setEnv } from "@/tests/integration/providers/env-scope";

const SCRIPT = path.join(import.meta.dirname, "fixtures", "call-runner-process.ts");
const LEASE_MS = 3000;
const POLL = { timeout: 90_000, interval: 200 };
const twilioFake = useFake(() => startTwilioFake());
let app: Awaited<ReturnType<typeof startAppHttpServer>>;
let restoreEnv: () => void;
const children: ChildProcess[] = [];

beforeAll(async () => {
  app = await startAppHttpServer();
  restoreEnv = setEnv({ APP_URL: app.url });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  restoreEnv();
  await app.stop();
});

// PGlite lives inside one process: a second process cannot open it. The single-process equivalent of
// "the dial step ran but its result was lost" is the dial step re-run in call-flow tests.
describe.skipIf(!process.env.TEST_DATABASE_URL)("a process killed right after calls.create (PostgreSQL only)", () => {
  it("the resumed run looks the call up at the carrier and never dials the user twice", { timeout: 240_000 }, async () => {
    const user = await registerTestUser({ name: "Kit Larsen" });
    const phone = "+15550409001";
    const db = await getDb();
    await db.update(users).set({ phone_number: phone, phone_confirmed_at: new Date() }).where(eq(users.id, user.user.id));
    await clearQuietHours(user.user.id);
    twilioFake.setScenario(phone, { answer: "human" });

    // Twilio takes the call and never answers the request: the process dies waiting for it.
    const stalled = twilioFake.stallNextCreate();
    const res = await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "The payment run failed" } });
    const callId = res.body.data.call.id as string;
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
      cwd: process.cwd(),
      env: { ...process.env, WORKFLOW_LEASE_MS: String(LEASE_MS) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
    const sid = await stalled;
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const [orphan] = await db.select().from(callAttempts).where(eq(callAttempts.call_id, callId));
    expect(orphan).toMatchObject({ attempt: 1, provider_call_id: null });
    expect(twilioFake.calls()).toHaveLength(1);

    // Another instance takes the run over once the dead one's lease has run out.
    let offset = 0;
    const runner = createWorkflowRunner({ functions, pollIntervalMs: 50, leaseMs: LEASE_MS, now: () => new Date(Date.now() + offset) });
    offset = LEASE_MS + 1000;
    runner.start();
    try {
      await expect.poll(async () => (await getCall(user.user.id, callId)).attempt_log[0]?.status ?? null, POLL).toBe("queued");
      twilioFake.release(sid);
      await expect.poll(async () => (await getCall(user.user.id, callId)).status, POLL).toBe("completed");
    } finally {
      await runner.stop({ graceMs: 5000 });
    }
    const call = await getCall(user.user.id, callId);
    expect(call).toMatchObject({ outcome: "answered", attempts: 1 });
    expect(call.attempt_log).toHaveLength(1);
    expect(call.attempt_log[0]).toMatchObject({ status: "completed" });
    const creates = twilioFake.restRequests.filter((r) => r.method === "POST" && r.path.endsWith("/Calls.json"));
    expect(creates).toHaveLength(1);
    expect(twilioFake.calls().map((c) => c.sid)).toEqual([sid]);
  });
});
