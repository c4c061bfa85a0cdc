import { eq } from "drizzle-orm";
import twilio from "twilio";
import { beforeEach, describe, expect, it } from "vitest";
import { dialCall } from "@/lib/calls/dial-call";
import { getDb } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";
import { startTwilioFake } from "@/tests/fakes/twilio-server";
import { api, registerTestUser } from "@/tests/helpers/api";
import { setEnv } from "@/tests/integration/providers/env-scope";
import { useFake } from "@/tests/helpers/use-fake";

const fake = useFake(() => startTwilioFake());
const APP = "http://localhost:3000";
let n = 0;

beforeEach(() => fake.reset());

function carrier(path: string, params: Record<string, string>) {
  const signature = twilio.getExpectedTwilioSignature(fake.authToken, `${APP}${path}`, params);
  return api("POST", path, {
    rawBody: new URLSearchParams(params).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
  });
}

async function userWithNumber() {
  const user = await registerTestUser({ name: "Sam Rivera" });
  const phone = `+1555020${String(++n).padStart(4, "0")}`;
  const res = await api("PUT", "/api/users/profile", { token: user.token, body: { phone_number: phone } });
  expect(res.status).toBe(200);
  expect(res.body.data.user).toMatchObject({ phone_number: phone, phone_confirmed: false });
  return { ...user, phone };
}

/** Start a confirmation and answer its call (the fake holds it): the TwiML the phone hears. */
async function answerConfirmationCall(token: string, phone: string) {
  const started = await api("POST", "/api/users/phone/confirmation", { token });
  expect(started.status).toBe(201);
  const callId = started.body.data.call.id as string;
  fake.setScenario(phone, { hold: true });
  const dialled = await dialCall(callId, 1);
  expect(dialled.state).toBe("dialled");
  const sid = dialled.state === "dialled" ? dialled.provider_call_id : "";
  const twiml = await carrier(`/api/calls/${callId}/twiml?attempt=1`, { CallSid: sid });
  const code = /Your code is ((?:\d, ){5}\d)\./.exec(twiml.body as string)?.[1]?.replace(/, /g, "");
  expect(code).toMatch(/^\d{6}$/);
  return { callId, sid, code: code!, started };
}

describe("phone number confirmation", () => {
  it("with a phone line, PookAi refuses to call an unconfirmed number and says what to do", async () => {
    const user = await userWithNumber();
    const res = await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "Server down" } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "CONFLICT", details: { reason: "phone_not_confirmed" } });
    expect(res.body.error.message).toMatch(/Confirm your phone number/);
    const none = await registerTestUser();
    const missing = await api("POST", "/api/calls/schedule-urgent", { token: none.token, body: { content: "Server down" } });
    expect(missing.body.error).toMatchObject({ code: "CONFLICT", details: { reason: "no_phone_number" } });
    const db = await getDb();
    expect(await db.select().from(callLogs).where(eq(callLogs.user_id, user.user.id))).toHaveLength(0);
  });

  it("the call reads a code that is never stored in the call log; typing it confirms the number", async () => {
    const user = await userWithNumber();
    const { callId, code, started } = await answerConfirmationCall(user.token, user.phone);
    expect(JSON.stringify(started.body)).not.toContain(code);
    const detail = await api("GET", `/api/calls/${callId}`, { token: user.token });
    expect(detail.body.data.call.call_type).toBe("phone-confirmation");
    expect(JSON.stringify(detail.body)).not.toContain(code.split("").join(", "));

    const wrong = await api("POST", "/api/users/phone/confirm", { token: user.token, body: { code: code === "000000" ? "111111" : "000000" } });
    expect(wrong.status).toBe(400);
    const bad = await api("POST", "/api/users/phone/confirm", { token: user.token, body: { code: "12ab" } });
    expect(bad.body.error.code).toBe("VALIDATION_ERROR");
    const right = await api("POST", "/api/users/phone/confirm", { token: user.token, body: { code } });
    expect(right.status).toBe(200);
    expect(right.body.data).toEqual({ phone_number: user.phone, phone_confirmed: true });
    expect((await api("GET", "/api/auth/me", { token: user.token })).body.data.user.phone_confirmed).toBe(true);
    // A new number must be confirmed again.
    const changed = await api("PUT", "/api/users/profile", { token: user.token, body: { phone_number: "+15550209999" } });
    expect(changed.body.data.user.phone_confirmed).toBe(false);
  });

  it("pressing 1 on the call confirms the number that was called", async () => {
    const user = await userWithNumber();
    const { callId, sid } = await answerConfirmationCall(user.token, user.phone);
    const pressed = await carrier(`/api/calls/${callId}/gather?attempt=1&item=0&try=0`, { CallSid: sid, Digits: "1" });
    expect(pressed.body).toContain("Your number is confirmed.");
    expect((await api("GET", "/api/auth/me", { token: user.token })).body.data.user.phone_confirmed).toBe(true);
    const db = await getDb();
    const [call] = await db.select().from(callLogs).where(eq(callLogs.id, callId));
    expect(call!.commands).toEqual([expect.objectContaining({ input: "pressed 1", action: "confirm-phone" })]);
    expect(call!.transcript).not.toMatch(/\d, \d, \d/);
  });

  it("five wrong codes end the confirmation; a second call within a minute is refused", async () => {
    const user = await userWithNumber();
    const { code } = await answerConfirmationCall(user.token, user.phone);
    const wrong = code === "999999" ? "999998" : "999999";
    for (let i = 0; i < 5; i++) expect((await api("POST", "/api/users/phone/confirm", { token: user.token, body: { code: wrong } })).status).toBe(400);
    const locked = await api("POST", "/api/users/phone/confirm", { token: user.token, body: { code } });
    expect(locked.body.error).toMatchObject({ code: "CONFLICT", details: { reason: "too_many_attempts" } });
    const again = await api("POST", "/api/users/phone/confirmation", { token: user.token });
    expect(again.status).toBe(429);
    expect(again.body.error.retry_after).toBeGreaterThan(0);
  });

  it("without a phone line nothing needs confirming and calls are accepted", async () => {
    const restore = setEnv({ TWILIO_ACCOUNT_SID: undefined });
    try {
      const user = await registerTestUser();
      const res = await api("POST", "/api/users/phone/confirmation", { token: user.token });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/No phone line is configured/);
      const call = await api("POST", "/api/calls/schedule-urgent", { token: user.token, body: { content: "Server down" } });
      expect(call.status).toBe(201);
    } finally {
      restore();
    }
  });
});
