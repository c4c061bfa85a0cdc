import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import twilio from "twilio";
import { getVoiceProvider } from "@/lib/providers/voice/get-voice-provider";
import { TwilioVoiceProvider } from "@/lib/providers/voice/twilio";
import { VoiceProviderError, type PlaceCallRequest } from "@/lib/providers/voice/types";
import { ConsoleVoiceProvider } from "@/lib/providers/voice/console";
import { createManualClock } from "@/tests/fakes/manual-clock";
import { startTwilioFake, type TwilioFake } from "@/tests/fakes/twilio-server";
import { startTwimlTestApp, twiml } from "@/tests/helpers/twiml-test-app";
import { closedPort, setEnv } from "./env-scope";

const clock = createManualClock(Date.UTC(2026, 10, 20, 10, 0, 0));
let fake: TwilioFake;
let app: Awaited<ReturnType<typeof startTwimlTestApp>>;

beforeAll(async () => {
  fake = await startTwilioFake({ clock });
  app = await startTwimlTestApp(() => fake.authToken, { "/twiml": () => twiml("<Hangup/>"), "/status": () => "", "/amd": () => "" });
});
afterAll(async () => {
  await fake.stop();
  await app.stop();
});
afterEach(async () => {
  await fake.waitForIdle();
  fake.reset();
});

function provider(overrides: Partial<{ accountSid: string; authToken: string; phoneNumber: string; apiBaseUrl: string }> = {}) {
  return new TwilioVoiceProvider({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    phoneNumber: fake.phoneNumber,
    apiBaseUrl: fake.url,
    ...overrides,
  });
}

function request(overrides: Partial<PlaceCallRequest> = {}): PlaceCallRequest {
  return {
    to: "+14155550100",
    twimlUrl: app.url("/twiml"),
    statusCallbackUrl: app.url("/status"),
    amdCallbackUrl: app.url("/amd"),
    timeoutSeconds: 20,
    ...overrides,
  };
}

async function placeError(p: TwilioVoiceProvider, req: PlaceCallRequest = request()): Promise<VoiceProviderError> {
  const error = await p.placeCall(req).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VoiceProviderError);
  return error as VoiceProviderError;
}

describe("Twilio voice provider through twilio-node against the fake Twilio", () => {
  it("creates the call with every parameter as Twilio receives it", async () => {
    const call = await provider().placeCall(request());
    expect(call).toMatchObject({ status: "queued", to: "+14155550100", from: fake.phoneNumber, startTime: null, durationSeconds: null });
    expect(call.providerCallId).toMatch(/^CA[0-9a-f]{32}$/);

    const create = fake.restRequests.find((r) => r.method === "POST")!;
    expect(create.path).toBe(`/2010-04-01/Accounts/${fake.accountSid}/Calls.json`);
    expect(create.params).toEqual({
      To: "+14155550100",
      From: fake.phoneNumber,
      Url: app.url("/twiml"),
      Method: "POST",
      StatusCallback: app.url("/status"),
      StatusCallbackMethod: "POST",
      // Four repeated parameters, not one space-joined value.
      StatusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
      Timeout: "20",
      MachineDetection: "DetectMessageEnd",
      AsyncAmd: "true",
      AsyncAmdStatusCallback: app.url("/amd"),
      AsyncAmdStatusCallbackMethod: "POST",
    });

    const done = await fake.waitForCall(call.providerCallId);
    expect(done.status).toBe("completed");
    const statuses = app.requests.filter((r) => r.path === "/status").map((r) => r.params.CallStatus);
    expect(statuses).toEqual(["initiated", "ringing", "in-progress", "completed"]);
  });

  it("asks for no machine detection when there is no AMD callback", async () => {
    await provider().placeCall(request({ amdCallbackUrl: null }));
    const create = fake.restRequests.find((r) => r.method === "POST")!;
    expect(Object.keys(create.params)).not.toContain("MachineDetection");
    expect(Object.keys(create.params)).not.toContain("AsyncAmd");
  });

  it("maps Twilio's errors to what they mean", async () => {
    const invalid = await placeError(provider(), request({ to: "+12" }));
    expect(invalid).toMatchObject({
      kind: "invalid-number",
      code: 21211,
      status: 400,
      retryable: false,
      mayHaveDialled: false,
      message: "Invalid 'To' Phone Number: +12",
    });

    const unverified = await placeError(provider({ phoneNumber: "+15005550001" }));
    expect(unverified).toMatchObject({ kind: "unverified-caller-id", code: 21210, status: 400, retryable: false });
    expect(unverified.message).toContain("is not yet verified for your account");

    expect(await placeError(provider({ phoneNumber: "PookAi" }))).toMatchObject({ kind: "unverified-caller-id", code: 21212 });

    const auth = await placeError(provider({ authToken: "0".repeat(32) }));
    expect(auth).toMatchObject({ kind: "auth", code: 20003, status: 401, retryable: false });
    expect(auth.message).not.toContain(fake.authToken);

    fake.failNextRequest({ status: 404, code: 20404, message: "The requested resource was not found" });
    expect(await placeError(provider())).toMatchObject({ kind: "auth", code: 20404, status: 404 });

    fake.failNextRequest({ status: 400, code: 21214, message: "'To' phone number cannot be reached" });
    expect(await placeError(provider())).toMatchObject({ kind: "invalid-number", code: 21214 });
    fake.failNextRequest({ status: 400, code: 21217, message: "Phone number does not appear to be valid" });
    expect(await placeError(provider())).toMatchObject({ kind: "invalid-number", code: 21217 });

    fake.failNextRequest({ status: 429, code: 20429, message: "Too Many Requests" });
    expect(await placeError(provider())).toMatchObject({ kind: "rate-limited", code: 20429, status: 429, retryable: true, mayHaveDialled: false });

    fake.failNextRequest({ status: 503, code: 20503, message: "Service Unavailable" });
    expect(await placeError(provider())).toMatchObject({ kind: "unavailable", status: 503, retryable: true, mayHaveDialled: true });

    fake.failNextRequest({ status: 400, code: 21215, message: "Geo Permission configuration is not permitting call" });
    expect(await placeError(provider())).toMatchObject({ kind: "rejected", code: 21215, retryable: false });

    const unreachable = await placeError(provider({ apiBaseUrl: `http://127.0.0.1:${await closedPort()}` }));
    expect(unreachable).toMatchObject({ kind: "unavailable", retryable: true, mayHaveDialled: true });
    expect(unreachable.message).toMatch(/^Twilio could not be reached/);

    // No error created a call.
    expect(fake.calls()).toHaveLength(0);
  });

  it("finds calls placed since a time: started ones (Twilio filters by day) and queued ones (no start time yet)", async () => {
    const p = provider();
    clock.set(Date.UTC(2026, 10, 20, 10, 0, 0));
    const early = await p.placeCall(request());
    await fake.waitForCall(early.providerCallId);
    clock.set(Date.UTC(2026, 10, 20, 12, 0, 0));
    const later = await p.placeCall(request());
    await fake.waitForCall(later.providerCallId);
    fake.setScenario("+14155550100", { hold: true });
    clock.set(Date.UTC(2026, 10, 20, 12, 30, 0));
    const queued = await p.placeCall(request());
    await p.placeCall(request({ to: "+14155550199" }));

    const found = await p.findCalls({ to: "+14155550100", since: new Date(Date.UTC(2026, 10, 20, 11, 0, 0)) });
    expect(found.map((c) => c.providerCallId)).toEqual([later.providerCallId, queued.providerCallId]);
    expect(found[0]).toMatchObject({ status: "completed", from: fake.phoneNumber, startTime: new Date(Date.UTC(2026, 10, 20, 12, 0, 0)) });
    expect(found[1]).toMatchObject({ status: "queued", startTime: null });
    // Twilio itself was asked by To, From and StartTime>= (and for queued calls).
    const lists = fake.restRequests.filter((r) => r.method === "GET");
    expect(lists.map((r) => r.query)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ To: "+14155550100", From: fake.phoneNumber, "StartTime>": "2026-11-20T10:59:00Z" }),
        expect.objectContaining({ To: "+14155550100", From: fake.phoneNumber, Status: "queued" }),
      ]),
    );

    expect(await p.findCalls({ to: "+14155550100", since: new Date(Date.UTC(2026, 10, 20, 13, 0, 0)) })).toEqual([]);
    // Twilio's clock may lag ours: a call it dated half a minute before `since` is still found, two minutes before is not.
    expect((await p.findCalls({ to: "+14155550100", since: new Date(Date.UTC(2026, 10, 20, 12, 30, 30)) })).map((c) => c.providerCallId)).toEqual([
      queued.providerCallId,
    ]);
    expect(await p.findCalls({ to: "+14155550100", since: new Date(Date.UTC(2026, 10, 20, 12, 32, 0)) })).toEqual([]);
    expect(await p.findCalls({ to: "+14155550100", since: new Date(Date.UTC(2026, 10, 20, 9, 0, 0)) })).toHaveLength(3);

    await p.hangUp(queued.providerCallId);
    expect(await fake.waitForCall(queued.providerCallId)).toMatchObject({ status: "canceled" });
    for (const c of fake.calls()) fake.release(c.sid);
  });

  it("follows Twilio's paging when there are more calls than one page holds", async () => {
    const p = provider();
    fake.setScenario("+14155550123", { hold: true });
    const placed = [];
    for (let i = 0; i < 105; i++) placed.push((await p.placeCall(request({ to: "+14155550123" }))).providerCallId);
    const found = await p.findCalls({ to: "+14155550123", since: new Date(clock.now() - 60_000) });
    expect(new Set(found.map((c) => c.providerCallId))).toEqual(new Set(placed));
    expect(fake.restRequests.filter((r) => r.method === "GET" && r.query.Page === "1")).not.toHaveLength(0);
    for (const sid of placed) await p.hangUp(sid);
  });

  it("fetches a call, answers null for one Twilio does not know, and hangs up", async () => {
    const p = provider();
    fake.setScenario("+14155550100", { hold: true });
    const call = await p.placeCall(request());
    expect(await p.fetchCall(call.providerCallId)).toMatchObject({ providerCallId: call.providerCallId, status: "queued" });
    expect(await p.fetchCall(`CA${"0".repeat(32)}`)).toBeNull();

    await p.hangUp(call.providerCallId);
    expect(fake.restRequests.at(-1)).toMatchObject({
      method: "POST",
      path: `/2010-04-01/Accounts/${fake.accountSid}/Calls/${call.providerCallId}.json`,
      params: { Status: "completed" },
    });
    await fake.waitForCall(call.providerCallId);
    expect(await p.fetchCall(call.providerCallId)).toMatchObject({ status: "canceled", durationSeconds: 0 });
    // Hanging up a call that is over changes nothing and is no error.
    await p.hangUp(call.providerCallId);
    expect(await p.fetchCall(call.providerCallId)).toMatchObject({ status: "canceled" });

    fake.failNextRequest({ status: 500, code: 20500 });
    await expect(p.fetchCall(call.providerCallId)).rejects.toMatchObject({ kind: "unavailable" });
  });

  it("hangs up an answered call mid-call", async () => {
    const p = provider();
    // The call is hung up through the REST API while Twilio waits for its TwiML.
    app.route("/long", async () => {
      await p.hangUp(sid);
      return twiml("<Say>One</Say>", '<Pause length="2"/>', "<Say>Two</Say>");
    });
    let sid = "";
    const call = await p.placeCall(request({ twimlUrl: app.url("/long"), amdCallbackUrl: null }));
    sid = call.providerCallId;
    const done = await fake.waitForCall(sid);
    expect(done.status).toBe("completed");
    expect(done.transcript).toEqual([]);
    expect(done.duration).toBeGreaterThanOrEqual(1);
  });

  it("verifies callbacks with twilio's signature over the public URL and parameters", async () => {
    const p = provider();
    const call = await p.placeCall(request());
    await fake.waitForCall(call.providerCallId);
    const callback = fake.sent.find((s) => s.kind === "status-callback")!;
    const input = { url: callback.url, signature: callback.signature, params: callback.params };
    expect(p.verifyCallback(input)).toBe(true);
    expect(p.verifyCallback({ ...input, signature: null })).toBe(false);
    expect(p.verifyCallback({ ...input, signature: twilio.getExpectedTwilioSignature("another-token", input.url, input.params) })).toBe(false);
    expect(p.verifyCallback({ ...input, params: { ...input.params, CallStatus: "completed" } })).toBe(false);
    expect(p.verifyCallback({ ...input, url: input.url.replace("127.0.0.1", "localhost") })).toBe(false);
    expect(p.verifyCallback({ ...input, url: `${input.url}?x=1` })).toBe(false);
  });
});

describe("getVoiceProvider", () => {
  it("is the console, which never dials, until all three Twilio variables are set", async () => {
    const restore = setEnv({
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_PHONE_NUMBER: undefined,
      TWILIO_API_BASE_URL: fake.url,
      LOG_LEVEL: "info",
    });
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const consoleProvider = getVoiceProvider();
      expect(consoleProvider).toBeInstanceOf(ConsoleVoiceProvider);
      expect(consoleProvider).toMatchObject({ carrier: "console", dials: false, fromNumber: null });
      const placed = await consoleProvider.placeCall(request());
      expect(placed).toMatchObject({ status: "completed", to: "+14155550100" });
      expect(placed.providerCallId).toMatch(/^console-[0-9a-f-]{36}$/);
      // One line saying it was not dialled and why; nothing about whom or what.
      expect(log.mock.calls).toHaveLength(1);
      expect(String(log.mock.calls[0]![0])).toMatch(/Call not dialled: no phone line is configured/);
      expect(String(log.mock.calls[0]![0])).not.toContain("+14155550100");
      expect(await consoleProvider.findCalls({ to: "+14155550100", since: new Date(0) })).toEqual([]);
      expect(consoleProvider.verifyCallback({ url: app.url("/status"), signature: "x", params: {} })).toBe(false);
      expect(fake.restRequests).toHaveLength(0);
    } finally {
      log.mockRestore();
      restore();
    }
  });

  it("is Twilio with all three set, and sends its REST traffic to TWILIO_API_BASE_URL", async () => {
    const restore = setEnv(fake.env);
    try {
      const p = getVoiceProvider();
      expect(p).toMatchObject({ carrier: "twilio", dials: true, fromNumber: fake.phoneNumber });
      expect(getVoiceProvider()).toBe(p);
      const call = await p.placeCall(request());
      expect(fake.call(call.providerCallId).to).toBe("+14155550100");
      expect(fake.restRequests).toHaveLength(1);
    } finally {
      restore();
    }
  });
});
