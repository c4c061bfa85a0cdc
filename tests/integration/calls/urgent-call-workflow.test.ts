import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { functions } from "@/inngest/functions";
import { getCall } from "@/lib/calls/get-call";
import { scheduleUrgentCall } from "@/lib/calls/schedule-urgent-call";
import { listCalls } from "@/lib/calls/list-calls";
import { getScanJob } from "@/lib/scan/get-scan-job";
import { oauthRedirectUri } from "@/lib/integrations/connect-email-integration";
import { getDb, queryRows } from "@/lib/db";
import { userPreferences, users } from "@/lib/db/schema";
import { clearQuietHours } from "@/tests/helpers/seed";
import { createWorkflowRunner, type WorkflowRunner } from "@/lib/workflows/embedded-runner";
import { startGmailFake } from "@/tests/fakes/gmail-server";
import { startOpenAiFake } from "@/tests/fakes/openai-server";
import { startTwilioFake, type TwilioScenario } from "@/tests/fakes/twilio-server";
import { api, registerTestUser } from "@/tests/helpers/api";
import { startAppHttpServer } from "@/tests/helpers/app-http-server";
import { useFake } from "@/tests/helpers/use-fake";
import { setEnv } from "@/tests/integration/providers/env-scope";

/*
 * The urgent call end to end: mail found by a real sync (Gmail through googleapis against its fake),
 * the place-call workflow on the embedded runner, twilio-node against the fake Twilio, which fetches
 * the app's TwiML over HTTP, follows its <Gather>s and posts signed callbacks back to the app.
 */

const twilioFake = useFake(() => startTwilioFake());
const gmail = useFake(() => startGmailFake());
let app: Awaited<ReturnType<typeof startAppHttpServer>>;
let restoreEnv: () => void;
let runner: WorkflowRunner | null = null;
let clockOffset = 0;
let n = 0;
const MIN = 60_000;
const POLL = { timeout: 60_000, interval: 100 };
// Whole journeys through a workflow, a carrier and HTTP callbacks: minutes on a loaded two-core machine.
const SLOW = { timeout: 240_000 };

beforeAll(async () => {
  app = await startAppHttpServer();
  restoreEnv = setEnv({ APP_URL: app.url });
});
afterAll(async () => {
  restoreEnv();
  await app.stop();
});
afterEach(async () => {
  await runner?.stop({ graceMs: 5000 });
  runner = null;
  await twilioFake.waitForIdle();
  twilioFake.reset();
});

/**
 * The app's workflows running in the background on a clock the test can move forward. The clock only
 * ever moves forward, across tests too: the throttle's pace is kept in the database on this clock.
 */
function startRunner() {
  runner = createWorkflowRunner({ functions, backoff: () => 20, pollIntervalMs: 50, now: () => new Date(Date.now() + clockOffset) });
  runner.start();
}
/** Wait until the call's run sleeps on `timer` (a retry's or quiet hours' wait), so moving the clock reaches it. */
async function sleepingOn(callId: string, timer: string) {
  const db = await getDb();
  await expect
    .poll(async () => {
      const rows = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from workflow_steps s join workflow_runs r on r.id = s.run_id
             where r.function_id = 'place-call' and r.event->'data'->>'call_id' = ${callId} and r.status = 'sleeping'
               and s.step_id = ${timer} and s.kind = 'timer'`,
      );
      return rows[0]?.n ?? 0;
    }, POLL)
    .toBe(1);
}
function advance(ms: number) {
  clockOffset += ms;
  runner?.wake();
}

async function confirmedUser(scenario: TwilioScenario = {}) {
  const user = await registerTestUser({ name: "Dana Whitfield", timezone: "UTC" });
  const phone = `+1555030${String(++n).padStart(4, "0")}`;
  const db = await getDb();
  await db.update(users).set({ phone_number: phone, phone_confirmed_at: new Date() }).where(eq(users.id, user.user.id));
  // No quiet hours unless a test sets them: the suite runs at any time of day.
  await clearQuietHours(user.user.id);
  twilioFake.setScenario(phone, scenario);
  userOfToken.set(user.token, user.user.id);
  return { ...user, phone };
}

// Polled through the service, not the API: polling ten times a second would meet the API's rate limit.
const userOfToken = new Map<string, string>();
async function callOf(token: string, id: string) {
  return getCall(userOfToken.get(token) ?? "", id);
}

async function settled(token: string, id: string) {
  try {
    await expect.poll(async () => (await callOf(token, id)).status, POLL).toMatch(/^(completed|failed)$/);
  } catch (error) {
    const db = await getDb();
    const runs = await queryRows(
      db,
      sql`select id, status, run_at, error, started_at from workflow_runs where function_id = 'place-call' and event->'data'->>'call_id' = ${id}`,
    );
    const steps = await queryRows(
      db,
      sql`select step_id, kind, wake_at, wait_event, wait_if, completed_at from workflow_steps where run_id in (select id from workflow_runs where event->'data'->>'call_id' = ${id}) order by created_at`,
    );
    console.error("DEBUG", JSON.stringify({ now: new Date(Date.now() + clockOffset), runs, steps }, null, 1));
    throw error;
  }
  return callOf(token, id);
}

/** A Gmail mailbox scanned, with `from` made a call-me sender. */
async function mailboxWithCallMeSender(user: { token: string; user: { id: string } }, from: string) {
  const email = `inbox${n}@gmail.example`;
  gmail.addUser(email);
  gmail.addMessages(email, [{ from, subject: "Hello from before", date: Date.now() - 3 * 86_400_000 }]);
  const code = gmail.issueAuthCode(email, oauthRedirectUri("google"));
  expect((await api("POST", "/api/integrations/email/connect", { token: user.token, body: { provider: "gmail", auth_token: code } })).status).toBe(201);
  const scan = await api("POST", "/api/senders/scan", { token: user.token });
  await expect.poll(async () => (await getScanJob(user.user.id, scan.body.data.job_id)).status, POLL).toBe("completed");
  const senders = (await api("GET", "/api/senders?limit=100", { token: user.token })).body.data.senders as { id: string; email: string }[];
  const sender = senders.find((s) => from.includes(s.email));
  expect(sender).toBeDefined();
  await api("PUT", `/api/senders/${sender!.id}/category`, { token: user.token, body: { category: "call-me" } });
  return { email, senderId: sender!.id };
}

async function sync(token: string) {
  const job = await api("POST", "/api/integrations/email/sync", { token });
  await expect.poll(async () => (await getScanJob(userOfToken.get(token) ?? "", job.body.data.job_id)).status, POLL).toBe("completed");
}

async function onlyCall(token: string) {
  const query = { page: 1, limit: 20 };
  await expect.poll(async () => (await listCalls(userOfToken.get(token) ?? "", query)).calls.length, POLL).toBeGreaterThan(0);
  const calls = (await api("GET", "/api/calls", { token })).body.data.calls;
  expect(calls).toHaveLength(1);
  return calls[0].id as string;
}

const spoken = (sid: string) =>
  twilioFake
    .call(sid)
    .transcript.flatMap((e) => (e.verb === "say" ? [e.text] : []))
    .join(" ");

describe("an urgent email rings the user", () => {
  it("once: it speaks, takes a key, and the call ends completed with what was said and done", SLOW, async () => {
    startRunner();
    const user = await confirmedUser({ answer: "human", inputs: [{ digits: "3" }] });
    const { email, senderId } = await mailboxWithCallMeSender(user, "Ops Pager <pager@ops.example>");
    gmail.addMessages(email, [
      { from: "Ops Pager <pager@ops.example>", subject: "Production is down", snippet: "The API returns 503 since 09:12.", date: Date.now() },
    ]);
    await sync(user.token);

    const callId = await onlyCall(user.token);
    const call = await settled(user.token, callId);
    expect(call).toMatchObject({
      status: "completed",
      outcome: "answered",
      provider: "twilio",
      provider_status: "completed",
      dialled: true,
      success: true,
      attempts: 1,
      error: null,
      speech_engine: "twilio-say",
    });
    expect(call.duration_seconds).toBeGreaterThan(0);
    expect(call.commands).toEqual([
      expect.objectContaining({ input: "pressed 3", action: "keep-quiet", changed: "Ops Pager is now kept quiet", sender_id: senderId }),
    ]);
    expect(call.transcript).toContain("PookAi: From Ops Pager, just now, about: Production is down. It says: The API returns 503 since 09:12.");
    expect(call.attempt_log).toEqual([expect.objectContaining({ attempt: 1, status: "completed", outcome: "answered" })]);

    // One call at the carrier, placed as Twilio expects, that heard PookAi introduce itself.
    const [placed] = twilioFake.calls();
    expect(twilioFake.calls()).toHaveLength(1);
    expect(placed!.to).toBe(user.phone);
    expect(placed!.createParams).toMatchObject({
      Url: `${app.url}/api/calls/${callId}/twiml?attempt=1`,
      StatusCallback: `${app.url}/api/calls/${callId}/status?attempt=1`,
      StatusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
      MachineDetection: "DetectMessageEnd",
      AsyncAmd: "true",
      AsyncAmdStatusCallback: `${app.url}/api/calls/${callId}/amd?attempt=1`,
      Timeout: "20",
    });
    expect(spoken(placed!.sid)).toMatch(/^Hi Dana\. This is PookAi, your automated inbox assistant\. I'm calling about an urgent email\./);
    expect((await api("GET", `/api/senders/${senderId}`, { token: user.token })).body.data.sender.category).toBe("keep-quiet");

    // Syncing again finds nothing new and rings no one.
    await sync(user.token);
    expect((await api("GET", "/api/calls", { token: user.token })).body.data.calls).toHaveLength(1);
    expect(twilioFake.calls()).toHaveLength(1);
  });

  it("mail arriving while the call rings is read in the same call: two messages, one call", SLOW, async () => {
    startRunner();
    const user = await confirmedUser({ answer: "human", hold: true });
    const { email } = await mailboxWithCallMeSender(user, "Ops Pager <pager@ops.example>");
    gmail.addMessages(email, [{ from: "Ops Pager <pager@ops.example>", subject: "Disk 91% full", date: Date.now() }]);
    await sync(user.token);
    await expect.poll(() => twilioFake.calls().length, POLL).toBe(1);
    gmail.addMessages(email, [{ from: "Ops Pager <pager@ops.example>", subject: "Disk 99% full", date: Date.now() + 10_000 }]);
    await sync(user.token);
    const [held] = twilioFake.calls();
    twilioFake.release(held!.sid);

    const callId = await onlyCall(user.token);
    const call = await settled(user.token, callId);
    expect(call.status).toBe("completed");
    expect(twilioFake.calls()).toHaveLength(1);
    expect(spoken(held!.sid)).toContain("I'm calling about 2 urgent emails.");
    expect(spoken(held!.sid)).toContain("Disk 99% full");
  });
});

describe("one line per user", () => {
  it("never rings two calls at once: a second call waits until the first has ended", SLOW, async () => {
    startRunner();
    const user = await confirmedUser({ answer: "human", hold: true });
    const first = (await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "First thing" } })).body.data.call.id;
    await expect.poll(() => twilioFake.calls().length, POLL).toBe(1);
    const second = (await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "Second thing" } })).body.data.call.id;
    // The second call's run is started and finds the line taken.
    const db = await getDb();
    await expect
      .poll(async () => {
        const rows = await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from workflow_steps s join workflow_runs r on r.id = s.run_id
               where r.event->'data'->>'call_id' = ${second} and s.step_id = 'line-free-1-0' and s.kind = 'wait'`,
        );
        return rows[0]?.n ?? 0;
      }, POLL)
      .toBe(1);
    expect(twilioFake.calls()).toHaveLength(1);
    expect((await callOf(user.token, second)).status).toBe("scheduled");
    twilioFake.setScenario(user.phone, { answer: "human" });
    twilioFake.release(twilioFake.calls()[0]!.sid);
    expect((await settled(user.token, first)).status).toBe("completed");
    expect((await settled(user.token, second)).status).toBe("completed");
    const [a, b] = twilioFake.calls();
    expect(b!.dateCreated.getTime()).toBeGreaterThanOrEqual(a!.endTime!.getTime());
  });
});

describe("when the call does not go through", () => {
  it("no answer: two more attempts about three minutes apart, then failed saying why", SLOW, async () => {
    startRunner();
    const user = await confirmedUser({ answer: "no-answer" });
    const res = await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "The build is red" } });
    const id = res.body.data.call.id as string;
    for (const attempt of [1, 2]) {
      await expect.poll(async () => (await callOf(user.token, id)).attempt_log.length, POLL).toBe(attempt);
      await expect.poll(async () => (await callOf(user.token, id)).status, POLL).toBe("scheduled");
      const waiting = await callOf(user.token, id);
      expect(waiting).toMatchObject({ status: "scheduled", attempts: attempt, outcome: "no-answer" });
      const ended = new Date(waiting.attempt_log[attempt - 1]?.ended_at ?? 0).getTime();
      expect(new Date(waiting.next_attempt_at ?? 0).getTime() - ended).toBeGreaterThanOrEqual(3 * MIN - 1000);
      expect(twilioFake.calls()).toHaveLength(attempt);
      await sleepingOn(id, `retry-${attempt}`);
      advance(3 * MIN + 1000);
    }
    const call = await settled(user.token, id);
    expect(call).toMatchObject({
      status: "failed",
      outcome: "no-answer",
      attempts: 3,
      success: false,
      error: "Not reached after 3 attempts: nobody answered.",
    });
    expect(call.attempt_log.map((a) => a.outcome)).toEqual(["no-answer", "no-answer", "no-answer"]);
    expect(twilioFake.calls()).toHaveLength(3);
  });

  it("the carrier refuses the number: the call fails with the carrier's words and is not retried", SLOW, async () => {
    startRunner();
    const user = await confirmedUser();
    twilioFake.failNextRequest({ status: 400, code: 21211, message: "Invalid 'To' Phone Number: +15550300000" });
    const res = await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "Server down" } });
    const call = await settled(user.token, res.body.data.call.id);
    expect(call).toMatchObject({ status: "failed", outcome: "failed", attempts: 1 });
    expect(call.error).toBe("The phone carrier refused the call: Invalid 'To' Phone Number: +15550300000");
    expect(twilioFake.calls()).toHaveLength(0);
  });

  it("an answering machine gets a short voicemail (who and what, never the preview) and the call is done", SLOW, async () => {
    startRunner();
    const user = await confirmedUser({ answer: "machine" });
    const { email } = await mailboxWithCallMeSender(user, "Ops Pager <pager@ops.example>");
    gmail.addMessages(email, [
      { from: "Ops Pager <pager@ops.example>", subject: "Database failover", snippet: "Primary lost; replica promoted.", date: Date.now() },
    ]);
    await sync(user.token);
    const call = await settled(user.token, await onlyCall(user.token));
    expect(call).toMatchObject({ status: "completed", outcome: "voicemail", answered_by: "machine", attempts: 1 });
    const [placed] = twilioFake.calls();
    expect(placed!.updates).toEqual([expect.objectContaining({ Url: `${app.url}/api/calls/${call.id}/voicemail?attempt=1` })]);
    const words = spoken(placed!.sid);
    expect(words).toContain("You have an urgent email: from Ops Pager about Database failover. The details are in the app. Goodbye.");
    expect(words.split("The details are in the app")[0]).not.toBeUndefined();
    const voicemailPart = words.slice(words.indexOf("You have an urgent email"));
    expect(voicemailPart).not.toContain("replica promoted");
  });

  it("callbacks twice and out of order change nothing: one attempt, completed once", SLOW, async () => {
    startRunner();
    const user = await confirmedUser({ answer: "human", duplicateCallbacks: true, outOfOrder: true });
    const res = await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "Heads up" } });
    const id = res.body.data.call.id as string;
    await settled(user.token, id);
    await twilioFake.waitForIdle();
    const call = await callOf(user.token, id);
    expect(call).toMatchObject({ status: "completed", provider_status: "completed", outcome: "answered", attempts: 1 });
    const sent = twilioFake.sent.filter((s) => s.kind === "status-callback");
    expect(sent.filter((s) => s.params.CallStatus === "completed")).toHaveLength(2);
    expect(sent.at(-1)!.params.CallStatus).toBe("ringing");
    const db = await getDb();
    const events = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from workflow_events where name = 'call/attempt.ended' and payload->'data'->>'call_id' = ${id}`,
    );
    expect(events[0]!.n).toBe(1);
  });
});

describe("quiet hours", () => {
  function around(now: Date) {
    const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
    return { quiet_hours_start: hhmm(new Date(now.getTime() - 60 * MIN)), quiet_hours_end: hhmm(new Date(now.getTime() + 60 * MIN)) };
  }

  it("an urgent call from mail waits, durably, until they end; a cancelled one never rings", SLOW, async () => {
    startRunner();
    const user = await confirmedUser({ answer: "human" });
    const db = await getDb();
    await db.update(userPreferences).set(around(new Date())).where(eq(userPreferences.user_id, user.user.id));
    const first = (await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "Quarterly numbers are in" } })).body.data.call.id;
    const second = (await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "Another one" } })).body.data.call.id;
    await expect.poll(async () => (await callOf(user.token, first)).next_attempt_at, POLL).not.toBeNull();
    await expect.poll(async () => (await callOf(user.token, second)).next_attempt_at, POLL).not.toBeNull();
    const waiting = await callOf(user.token, first);
    expect(waiting.status).toBe("scheduled");
    expect(new Date(waiting.next_attempt_at ?? 0).getTime() - Date.now()).toBeGreaterThan(50 * MIN);
    expect(twilioFake.calls()).toHaveLength(0);

    const cancelled = await api("POST", `/api/calls/${second}/cancel`, { token: user.token });
    expect(cancelled.body.data.call).toMatchObject({ status: "failed", outcome: "not-dialled", error: "Cancelled by you." });
    // The user's own test call ("Call me now") rings at once, quiet hours or not.
    const test = await scheduleUrgentCall(user.user.id, { content: "Testing", priority: "high" }, { isTest: true });
    expect((await settled(user.token, test.call.id)).status).toBe("completed");
    expect(twilioFake.calls()).toHaveLength(1);

    await sleepingOn(first, "quiet-hours-0");
    advance(61 * MIN + 1000);
    expect((await settled(user.token, first)).status).toBe("completed");
    await twilioFake.waitForIdle();
    expect(twilioFake.calls().map((c) => c.to)).toEqual([user.phone, user.phone]);
    expect(spoken(twilioFake.calls()[1]!.sid)).toContain("Quarterly numbers are in");
    const runs = await queryRows<{ status: string }>(
      db,
      sql`select status from workflow_runs where function_id = 'place-call' and event->'data'->>'call_id' = ${second}`,
    );
    expect(runs.map((r) => r.status)).toEqual(["cancelled"]);
  });
});

describe("speech through OpenAI", () => {
  const openai = useFake(() => startOpenAiFake());

  it("plays synthesized audio from signed URLs, polishes the lines, and falls back to <Say> when the model is gone", SLOW, async () => {
    startRunner();
    const user = await confirmedUser({ answer: "human" });
    const { email } = await mailboxWithCallMeSender(user, "Ops Pager <pager@ops.example>");
    gmail.addMessages(email, [{ from: "Ops Pager <pager@ops.example>", subject: "Latency alarm", date: Date.now() }]);
    await sync(user.token);
    const call = await settled(user.token, await onlyCall(user.token));
    expect(call).toMatchObject({ status: "completed", speech_engine: "openai", speech_note: null });
    expect(call.tts_latency_ms).toBeGreaterThanOrEqual(0);
    expect(call.llm_latency_ms).toBeGreaterThanOrEqual(0);
    expect(call.script).toContain("Ops Pager just wrote to you about Latency alarm.");
    const [placed] = twilioFake.calls();
    const plays = placed!.transcript.filter((e) => e.verb === "play");
    expect(plays.length).toBeGreaterThan(0);
    for (const p of plays) expect(p).toMatchObject({ status: 200, contentType: "audio/mpeg", error: null });
    expect(placed!.transcript.filter((e) => e.verb === "say")).toHaveLength(0);
    expect(openai.speechRequests.some((r) => r.input === "Ops Pager just wrote to you about Latency alarm.")).toBe(true);
    // Its owner can listen to it; nobody else can.
    expect(call.audio_url).toBe(`/api/calls/${call.id}/recording`);
    const recording = await api("GET", call.audio_url ?? "", { token: user.token });
    expect(recording.status).toBe(200);
    expect(recording.headers.get("content-type")).toBe("audio/mpeg");
    const stranger = await registerTestUser();
    expect((await api("GET", call.audio_url ?? "", { token: stranger.token })).status).toBe(404);

    twilioFake.reset();
    openai.retireModel("gpt-4o-mini-tts");
    const retry = await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "A brand new sentence to speak" } });
    const fallback = await settled(user.token, retry.body.data.call.id);
    expect(fallback).toMatchObject({ status: "completed", speech_engine: "twilio-say" });
    expect(fallback.speech_note).toMatch(/^OpenAI speech failed \(model-retired: .*\); this call speaks with Twilio <Say>\.$/);
    const [second] = twilioFake.calls();
    expect(spoken(second!.sid)).toContain("A brand new sentence to speak");
  });
});
