import { and, eq, sql } from "drizzle-orm";
import twilio from "twilio";
import { beforeEach, describe, expect, it } from "vitest";
import { addUrgentMailToCall } from "@/lib/calls/add-urgent-mail-to-call";
import { dialCall } from "@/lib/calls/dial-call";
import { getDb, queryRows } from "@/lib/db";
import { callAttempts, callLogs, emailMessages, emailSenders, users } from "@/lib/db/schema";
import { startTwilioFake } from "@/tests/fakes/twilio-server";
import { api, registerTestUser } from "@/tests/helpers/api";
import { seedIntegration, seedMessages, seedSenders } from "@/tests/helpers/seed";
import { useFake } from "@/tests/helpers/use-fake";

const fake = useFake(() => startTwilioFake());
const APP = "http://localhost:3000";
let phoneCounter = 0;

beforeEach(() => fake.reset());

/** A user with a confirmed number, two call-me senders with fresh mail, and the urgent call that mail made. */
async function urgentCallFixture() {
  const user = await registerTestUser({ name: "Dana Whitfield" });
  const phone = `+1555010${String(++phoneCounter).padStart(4, "0")}`;
  const db = await getDb();
  await db.update(users).set({ phone_number: phone, phone_confirmed_at: new Date() }).where(eq(users.id, user.user.id));
  const integration = await seedIntegration(user.user.id);
  const [ops, board] = await seedSenders(user.user.id, [
    { email: "oncall@ops.example.com", name: "Ops Pager", category: "call-me" },
    { email: "chair@board.example.com", name: "Board Chair", category: "call-me" },
  ]);
  const now = new Date();
  const messages = await seedMessages(user.user.id, integration!.id, [
    {
      sender_id: ops!.id,
      from_email: ops!.email,
      subject: "Database failover in eu-west",
      received_at: new Date(now.getTime() - 60_000),
      preview: "Primary is down. Failover started at 09:12 and needs a decision.",
    },
    {
      sender_id: board!.id,
      from_email: board!.email,
      subject: "Board consent needed today",
      received_at: new Date(now.getTime() - 30_000),
      preview: "Please sign before 5pm.",
    },
  ]);
  const result = await db.transaction((tx) =>
    addUrgentMailToCall(
      tx,
      { userId: user.user.id, userEmail: user.email, now },
      messages.map((m, i) => ({
        id: m.id,
        sender_id: m.sender_id!,
        subject: m.subject,
        preview: m.preview,
        received_at: m.received_at,
        from_name: i === 0 ? "Ops Pager" : "Board Chair",
        from_email: m.from_email,
      })),
    ),
  );
  expect(result).toMatchObject({ created: true, urgent: 2 });
  return { user, phone, callId: result.callId!, ops: ops!, board: board!, messages, integration };
}

/** Dial attempt 1 at the fake, which holds the call queued: the test plays the carrier's requests itself. */
async function dialHeld(callId: string, phone: string) {
  fake.setScenario(phone, { hold: true });
  const dialled = await dialCall(callId, 1);
  expect(dialled.state).toBe("dialled");
  return dialled.state === "dialled" ? dialled.provider_call_id : "";
}

/** POST a form to a carrier route, signed as Twilio signs it (over APP_URL + path + query and the sorted params). */
function carrier(path: string, params: Record<string, string>, options: { signWith?: string; signUrl?: string; unsigned?: boolean } = {}) {
  const signature = twilio.getExpectedTwilioSignature(options.signWith ?? fake.authToken, options.signUrl ?? `${APP}${path}`, params);
  return api("POST", path, {
    rawBody: new URLSearchParams(params).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...(options.unsigned ? {} : { "x-twilio-signature": signature }) },
  });
}

async function callRow(callId: string) {
  const db = await getDb();
  const [row] = await db.select().from(callLogs).where(eq(callLogs.id, callId));
  return row!;
}

describe("an answered urgent call", () => {
  it("says who is calling, reads the first email and gathers a key or a phrase", async () => {
    const { callId, phone } = await urgentCallFixture();
    const sid = await dialHeld(callId, phone);
    const res = await carrier(`/api/calls/${callId}/twiml?attempt=1`, { CallSid: sid, CallStatus: "in-progress", To: phone, From: fake.phoneNumber });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/xml");
    const xml = res.body as string;
    expect(xml).toMatch(/<Say voice="Polly\.[A-Za-z-]+">Hi Dana\. This is PookAi, your automated inbox assistant\. I'm calling about 2 urgent emails\.<\/Say>/);
    expect(xml).toContain("From Ops Pager, just now, about: Database failover in eu-west. It says: Primary is down.");
    expect(xml).toContain(`action="${APP}/api/calls/${callId}/gather?attempt=1&amp;item=0&amp;try=0"`);
    expect(xml).toMatch(/<Gather input="dtmf speech"[^>]*actionOnEmptyResult="true"/);
    expect(xml).toContain("Press 3 or say keep quiet");
    const call = await callRow(callId);
    expect(call.speaking_started_at).not.toBeNull();
    expect(call.transcript).toContain("PookAi: Hi Dana.");
  });

  it("acts on keys through the app's own services and stores every command with what it changed", async () => {
    const { user, callId, phone, ops, messages } = await urgentCallFixture();
    const sid = await dialHeld(callId, phone);
    await carrier(`/api/calls/${callId}/twiml?attempt=1`, { CallSid: sid });

    const quiet = await carrier(`/api/calls/${callId}/gather?attempt=1&item=0&try=0`, { CallSid: sid, Digits: "3" });
    expect(quiet.status).toBe(200);
    expect(quiet.body).toContain("Mail from Ops Pager is kept quiet from now on");
    expect(quiet.body).toContain("From Board Chair");
    expect(quiet.body).toContain("gather?attempt=1&amp;item=1&amp;try=0");
    const sender = await api("GET", `/api/senders/${ops.id}`, { token: user.token });
    expect(sender.body.data.sender).toMatchObject({ category: "keep-quiet", category_source: "user" });

    const later = await carrier(`/api/calls/${callId}/gather?attempt=1&item=1&try=0`, { CallSid: sid, Digits: "2" });
    expect(later.body).toContain("It will be in your next digest.");
    expect(later.body).toContain("That's everything for now. Goodbye.");
    expect(later.body).toContain("<Hangup/>");
    const db = await getDb();
    const [board] = await db.select().from(emailMessages).where(eq(emailMessages.id, messages[1]!.id));
    expect(board!.remind_later_at).not.toBeNull();

    const call = await callRow(callId);
    expect(call.commands).toEqual([
      expect.objectContaining({ input: "pressed 3", action: "keep-quiet", attempt: 1, item: 0, changed: "Ops Pager is now kept quiet", sender_id: ops.id }),
      expect.objectContaining({
        input: "pressed 2",
        action: "remind-later",
        attempt: 1,
        item: 1,
        changed: "“Board consent needed today” moved to your next digest",
        message_id: messages[1]!.id,
      }),
    ]);
    expect(call.transcript).toMatch(/You: pressed 3\nPookAi: Done\. Mail from Ops Pager/);
  });

  it("understands spoken commands, repeats the menu once on nonsense, then moves on", async () => {
    const { callId, phone } = await urgentCallFixture();
    const sid = await dialHeld(callId, phone);
    await carrier(`/api/calls/${callId}/twiml?attempt=1`, { CallSid: sid });

    const nonsense = await carrier(`/api/calls/${callId}/gather?attempt=1&item=0&try=0`, { CallSid: sid, SpeechResult: "banana", Confidence: "0.9" });
    expect(nonsense.body).toContain("Sorry, I didn't catch that.");
    expect(nonsense.body).not.toContain("Database failover");
    expect(nonsense.body).toContain("item=0&amp;try=1");
    const silence = await carrier(`/api/calls/${callId}/gather?attempt=1&item=0&try=1`, { CallSid: sid });
    expect(silence.body).toContain("From Board Chair");

    const repeat = await carrier(`/api/calls/${callId}/gather?attempt=1&item=1&try=0`, { CallSid: sid, SpeechResult: "Could you repeat that?" });
    expect(repeat.body).toContain("From Board Chair");
    expect(repeat.body).toContain("item=1&amp;try=0");
    const bye = await carrier(`/api/calls/${callId}/gather?attempt=1&item=1&try=0`, { CallSid: sid, SpeechResult: "Goodbye." });
    expect(bye.body).toMatch(/Goodbye\.<\/Say><Hangup\/>/);
    const call = await callRow(callId);
    expect(call.commands.map((c) => c.action)).toEqual(["not-understood", "not-understood", "repeat", "goodbye"]);
  });

  it("never reads a sender made private after the call was scheduled", async () => {
    const { user, callId, phone, board } = await urgentCallFixture();
    await api("PUT", `/api/senders/${board.id}/category`, { token: user.token, body: { category: "dont-tell-anyone" } });
    const sid = await dialHeld(callId, phone);
    const res = await carrier(`/api/calls/${callId}/twiml?attempt=1`, { CallSid: sid });
    expect(res.body).toContain("I'm calling about an urgent email.");
    expect(res.body).not.toMatch(/Board|consent|5pm/);
    const next = await carrier(`/api/calls/${callId}/gather?attempt=1&item=0&try=0`, { CallSid: sid, Digits: "1" });
    expect(next.body).not.toMatch(/Board|consent|5pm/);
    expect((await callRow(callId)).transcript).not.toMatch(/Board|consent|5pm/);
  });

  it("refuses unsigned, wrongly signed and elsewhere-signed requests before anything happens", async () => {
    const { callId, phone } = await urgentCallFixture();
    const sid = await dialHeld(callId, phone);
    const path = `/api/calls/${callId}/twiml?attempt=1`;
    for (const res of [
      await carrier(path, { CallSid: sid }, { unsigned: true }),
      await carrier(path, { CallSid: sid }, { signWith: "not-the-auth-token" }),
      await carrier(path, { CallSid: sid }, { signUrl: `https://evil.example.com${path}` }),
      await carrier(`/api/calls/${callId}/status?attempt=1`, { CallSid: sid, CallStatus: "completed" }, { unsigned: true }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ success: false, error: { code: "FORBIDDEN", message: expect.any(String) } });
    }
    const call = await callRow(callId);
    expect(call.speaking_started_at).toBeNull();
    expect(call.status).toBe("in-progress");
  });
});

describe("signed but unsafe text", () => {
  it("is a 400 that changes nothing", async () => {
    const { callId, phone } = await urgentCallFixture();
    const sid = await dialHeld(callId, phone);
    await carrier(`/api/calls/${callId}/twiml?attempt=1`, { CallSid: sid });
    const res = await carrier(`/api/calls/${callId}/gather?attempt=1&item=0&try=0`, { CallSid: sid, SpeechResult: "keep\u0000quiet" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: { SpeechResult: [expect.any(String)] } });
    expect((await callRow(callId)).commands).toEqual([]);
  });
});

describe("status callbacks", () => {
  it("move forward only: duplicates and a late ringing change nothing; the ending is announced once", async () => {
    const { callId, phone } = await urgentCallFixture();
    const sid = await dialHeld(callId, phone);
    const status = (CallStatus: string, extra: Record<string, string> = {}) =>
      carrier(`/api/calls/${callId}/status?attempt=1`, { CallSid: sid, CallStatus, ...extra });
    expect((await status("initiated")).body.data).toEqual({ received: true, applied: true });
    await status("ringing");
    await status("in-progress");
    expect((await status("completed", { CallDuration: "42" })).body.data.applied).toBe(true);
    expect((await status("completed", { CallDuration: "42" })).body.data.applied).toBe(false);
    expect((await status("ringing")).body.data.applied).toBe(false);

    const call = await callRow(callId);
    expect(call).toMatchObject({
      status: "completed",
      provider_status: "completed",
      outcome: "answered",
      success: true,
      duration_seconds: 42,
      provider_call_id: sid,
    });
    expect(call.started_at).not.toBeNull();
    const db = await getDb();
    const [attempt] = await db
      .select()
      .from(callAttempts)
      .where(and(eq(callAttempts.call_id, callId), eq(callAttempts.attempt, 1)));
    expect(attempt).toMatchObject({ status: "completed", outcome: "answered", duration_seconds: 42 });
    const events = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from workflow_events where name = 'call/attempt.ended' and payload->'data'->>'call_id' = ${callId}`,
    );
    expect(events[0]!.n).toBe(1);
  });

  it("acknowledge and ignore a call the app does not know", async () => {
    const { callId } = await urgentCallFixture();
    const res = await carrier(`/api/calls/${callId}/status?attempt=7`, { CallSid: "CA00000000000000000000000000000000", CallStatus: "completed" });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ received: true, applied: false });
    expect((await callRow(callId)).status).toBe("scheduled");
  });

  it("a machine's verdict moves the live call to a voicemail with who and what, never the preview", async () => {
    const { callId, phone } = await urgentCallFixture();
    const sid = await dialHeld(callId, phone);
    await carrier(`/api/calls/${callId}/status?attempt=1`, { CallSid: sid, CallStatus: "in-progress" });
    const amd = await carrier(`/api/calls/${callId}/amd?attempt=1`, { CallSid: sid, AnsweredBy: "machine_end_beep", MachineDetectionDuration: "4200" });
    expect(amd.body.data).toEqual({ received: true, applied: true });
    const update = fake.restRequests.find((r) => r.method === "POST" && r.path.endsWith(`/Calls/${sid}.json`));
    expect(update?.params.Url).toBe(`${APP}/api/calls/${callId}/voicemail?attempt=1`);
    const vm = await carrier(`/api/calls/${callId}/voicemail?attempt=1`, { CallSid: sid });
    expect(vm.body).toContain("You have 2 urgent emails: from Ops Pager about Database failover in eu-west, and 1 more. The details are in the app.");
    expect(vm.body).not.toMatch(/Primary is down|sign before/);
    await carrier(`/api/calls/${callId}/status?attempt=1`, { CallSid: sid, CallStatus: "completed", CallDuration: "19" });
    expect(await callRow(callId)).toMatchObject({ answered_by: "machine", outcome: "voicemail", status: "completed" });
  });
});

describe("without a phone line", () => {
  it("the call goes through the same pipeline and is recorded as not dialled", async () => {
    const restore = [fake.env.TWILIO_ACCOUNT_SID, fake.env.TWILIO_AUTH_TOKEN];
    delete process.env.TWILIO_ACCOUNT_SID;
    try {
      const { callId } = await urgentCallFixture();
      expect(await dialCall(callId, 1)).toEqual({ state: "not-dialled" });
      const call = await callRow(callId);
      expect(call).toMatchObject({ status: "completed", outcome: "not-dialled", provider: "console", success: false });
      expect(call.transcript).toMatch(/^Not dialled: no phone line is configured/);
      expect(call.transcript).toContain("PookAi (not dialled): Hi Dana.");
      expect(fake.restRequests).toHaveLength(0);
    } finally {
      process.env.TWILIO_ACCOUNT_SID = restore[0];
    }
  });
});

describe("joining calls", () => {
  it("mail arriving before the call speaks joins it; after, it waits for one follow-up call", async () => {
    const { user, callId, phone, ops, integration } = await urgentCallFixture();
    const db = await getDb();
    const more = async (subject: string) => {
      const [m] = await seedMessages(user.user.id, integration!.id, [{ sender_id: ops.id, from_email: ops.email, subject, received_at: new Date() }]);
      return db.transaction((tx) =>
        addUrgentMailToCall(tx, { userId: user.user.id, userEmail: user.email, now: new Date() }, [
          { id: m!.id, sender_id: ops.id, subject, preview: "", received_at: m!.received_at, from_name: "Ops Pager", from_email: ops.email },
        ]),
      );
    };
    expect(await more("Still failing over")).toEqual({ callId, created: false, urgent: 1 });
    const sid = await dialHeld(callId, phone);
    const answer = await carrier(`/api/calls/${callId}/twiml?attempt=1`, { CallSid: sid });
    expect(answer.body).toContain("3 urgent emails");
    const followUp = await more("Failover done");
    expect(followUp.created).toBe(true);
    expect(followUp.callId).not.toBe(callId);
    expect(await more("Post-mortem scheduled")).toEqual({ callId: followUp.callId, created: false, urgent: 1 });
    const [row] = await db
      .select({ n: sql<number>`jsonb_array_length(${callLogs.items})` })
      .from(callLogs)
      .where(eq(callLogs.id, followUp.callId!));
    expect(Number(row!.n)).toBe(2);
    // The private sender's mail never becomes a call.
    await db.update(emailSenders).set({ category: "dont-tell-anyone" }).where(eq(emailSenders.id, ops.id));
    expect((await more("Secret")).urgent).toBe(0);
  });
});
