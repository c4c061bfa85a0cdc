import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import twilio from "twilio";
import { TwilioBaseUrlClient } from "@/lib/providers/voice/twilio-base-url-client";
import { startTwilioFake, type TwilioFake, type TwilioScenario } from "@/tests/fakes/twilio-server";
import { startTwimlTestApp, twiml } from "@/tests/helpers/twiml-test-app";
import { TINY_MP3 } from "@/tests/fakes/openai-server";

// The fake Twilio, driven by the real twilio-node client, against a small TwiML app defined here.
let fake: TwilioFake;
let app: Awaited<ReturnType<typeof startTwimlTestApp>>;
let client: twilio.Twilio;
const TO = "+14155550100";

const MENU = twiml(
  '<Say voice="Polly.Joanna-Neural" language="en-US">Hello from PookAi.</Say>',
  '<Gather input="dtmf speech" numDigits="1" timeout="4" action="/menu?call=42" actionOnEmptyResult="true" hints="next, repeat, goodbye">',
  "<Say>Press 1 for next.</Say>",
  '<Pause length="1"/>',
  "</Gather>",
  "<Say>Not reached.</Say>",
);

beforeAll(async () => {
  fake = await startTwilioFake();
  app = await startTwimlTestApp(() => fake.authToken, {
    "/voice": () => MENU,
    "/menu": (req) =>
      twiml(
        `<Say>${req.params.Digits ? `You pressed ${req.params.Digits}` : req.params.SpeechResult ? `You said ${req.params.SpeechResult}` : "Nothing heard"}.</Say>`,
        "<Hangup/>",
      ),
    "/status": () => "",
    "/amd": () => "",
    "/audio.mp3": () => ({ contentType: "audio/mpeg", body: TINY_MP3 }),
    "/page.html": () => ({ contentType: "text/html; charset=utf-8", body: "<html>not audio</html>" }),
    "/voicemail": () => twiml("<Say>This is a voicemail.</Say>", "<Hangup/>"),
  });
  client = twilio(fake.accountSid, fake.authToken, { httpClient: new TwilioBaseUrlClient(fake.url) });
});
afterAll(async () => {
  await fake.stop();
  await app.stop();
});
afterEach(async () => {
  await fake.waitForIdle();
  fake.reset();
  app.requests.length = 0;
});

async function callWith(scenario: TwilioScenario, options: { url?: string; amd?: boolean; twiml?: string; events?: string[] } = {}) {
  fake.setScenario(TO, scenario);
  const call = await client.calls.create({
    to: TO,
    from: fake.phoneNumber,
    ...(options.twiml ? { twiml: options.twiml } : { url: options.url ?? app.url("/voice") }),
    method: "POST",
    statusCallback: app.url("/status"),
    statusCallbackMethod: "POST",
    statusCallbackEvent: options.events ?? ["initiated", "ringing", "answered", "completed"],
    timeout: 20,
    ...(options.amd
      ? { machineDetection: "DetectMessageEnd", asyncAmd: "true", asyncAmdStatusCallback: app.url("/amd"), asyncAmdStatusCallbackMethod: "POST" }
      : {}),
  });
  return fake.waitForCall(call.sid);
}

const statusCallbacks = () => app.requests.filter((r) => r.path === "/status").map((r) => r.params);
const spoken = (sid: string) => fake.call(sid).transcript.flatMap((t) => (t.verb === "say" ? [t.text] : []));

describe("the fake Twilio runs calls as Twilio does", () => {
  it("a person answers and presses a key: the Gather action is followed", async () => {
    const call = await callWith({ answer: "human", inputs: [{ digits: "1" }] });
    expect(call.status).toBe("completed");
    expect(spoken(call.sid)).toEqual(["Hello from PookAi.", "Press 1 for next.", "You pressed 1."]);
    expect(call.transcript[0]).toMatchObject({ verb: "say", voice: "Polly.Joanna-Neural", language: "en-US", inGather: false });
    expect(call.transcript.find((t) => t.verb === "gather")).toMatchObject({
      input: ["dtmf", "speech"],
      numDigits: 1,
      timeout: 4,
      hints: "next, repeat, goodbye",
      actionOnEmptyResult: true,
      action: app.url("/menu?call=42"),
      heard: { digits: "1" },
      posted: true,
    });
    const menu = app.requests.find((r) => r.path === "/menu")!;
    expect(menu.url).toBe(app.url("/menu?call=42"));
    expect(menu.params).toMatchObject({
      CallSid: call.sid,
      AccountSid: fake.accountSid,
      Digits: "1",
      CallStatus: "in-progress",
      From: fake.phoneNumber,
      To: TO,
    });
    // Every request Twilio made was signed over the URL it called and its parameters.
    expect(app.requests.length).toBeGreaterThan(4);
    expect(app.requests.every((r) => r.validSignature)).toBe(true);

    const voice = app.requests.find((r) => r.path === "/voice")!;
    expect(voice.params).toMatchObject({ CallStatus: "in-progress", Direction: "outbound-api", ApiVersion: "2010-04-01" });
    expect(statusCallbacks().map((p) => [p.CallStatus, p.SequenceNumber, p.CallbackSource])).toEqual([
      ["initiated", "0", "call-progress-events"],
      ["ringing", "1", "call-progress-events"],
      ["in-progress", "2", "call-progress-events"],
      ["completed", "3", "call-progress-events"],
    ]);
    const completed = statusCallbacks().at(-1)!;
    expect(Number(completed.CallDuration)).toBe(call.duration);
    expect(call.duration).toBeGreaterThan(0);
    expect(completed.Timestamp).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    // The REST resource says the same.
    const fetched = await client.calls(call.sid).fetch();
    expect(fetched).toMatchObject({ status: "completed", duration: String(call.duration), direction: "outbound-api" });
    expect(fetched.startTime).toBeInstanceOf(Date);
  });

  it("speech is posted as SpeechResult and Confidence; keys the Gather does not take are not heard", async () => {
    const call = await callWith({ inputs: [{ speech: "remind me later", confidence: 0.81 }] });
    expect(app.requests.find((r) => r.path === "/menu")!.params).toMatchObject({ SpeechResult: "remind me later", Confidence: "0.81" });
    expect(spoken(call.sid).at(-1)).toBe("You said remind me later.");

    app.route("/speech-only", () => twiml('<Gather input="speech" action="/menu"><Say>Say something.</Say></Gather>', "<Say>Fell through.</Say>"));
    const keys = await callWith({ inputs: [{ digits: "2" }] }, { url: app.url("/speech-only") });
    expect(spoken(keys.sid)).toEqual(["Say something.", "Fell through."]);
    expect(app.requests.filter((r) => r.path === "/menu")).toHaveLength(1);
  });

  it("silence posts an empty result only with actionOnEmptyResult, else falls through to the next verb", async () => {
    const silent = await callWith({ inputs: ["silence"] });
    const menu = app.requests.find((r) => r.path === "/menu")!;
    expect(menu.params.Digits).toBeUndefined();
    expect(menu.params.SpeechResult).toBeUndefined();
    expect(spoken(silent.sid).at(-1)).toBe("Nothing heard.");

    app.route("/no-empty", () => twiml('<Gather numDigits="1" action="/menu"><Say>Press a key.</Say></Gather>', "<Say>No input.</Say>"));
    const fallThrough = await callWith({}, { url: app.url("/no-empty") });
    expect(spoken(fallThrough.sid)).toEqual(["Press a key.", "No input."]);
    expect(app.requests.filter((r) => r.path === "/menu")).toHaveLength(1);
    expect(fallThrough.transcript.find((t) => t.verb === "gather")).toMatchObject({ heard: "silence", posted: false, timeout: 5 });
  });

  it("a machine answers: the async AMD result is posted and the app redirects the call to a voicemail mid-call", async () => {
    app.route("/amd", async (req) => {
      if (req.params.AnsweredBy?.startsWith("machine")) await client.calls(req.params.CallSid!).update({ url: app.url("/voicemail"), method: "POST" });
      return "";
    });
    app.route("/long", () => twiml("<Say>Part one.</Say>", "<Say>Part two.</Say>", "<Say>Part three.</Say>"));
    const call = await callWith({ answer: "machine", amdAfterVerbs: 1 }, { url: app.url("/long"), amd: true });
    expect(spoken(call.sid)).toEqual(["Part one.", "This is a voicemail."]);
    expect(call.answeredBy).toBe("machine_end_beep");
    const amd = app.requests.find((r) => r.path === "/amd")!;
    expect(amd.validSignature).toBe(true);
    expect(amd.params).toEqual({
      AccountSid: fake.accountSid,
      CallSid: call.sid,
      AnsweredBy: "machine_end_beep",
      MachineDetectionDuration: expect.stringMatching(/^\d+$/),
    });
    expect(statusCallbacks().at(-1)).toMatchObject({ CallStatus: "completed", AnsweredBy: "machine_end_beep" });
    expect(call.updates).toEqual([{ Url: app.url("/voicemail"), Method: "POST" }]);

    // The same with inline TwiML instead of a URL.
    app.route("/amd", async (req) => {
      if (req.params.AnsweredBy?.startsWith("machine"))
        await client.calls(req.params.CallSid!).update({ twiml: "<Response><Say>Inline voicemail.</Say></Response>" });
      return "";
    });
    const inline = await callWith({ answer: "machine" }, { url: app.url("/long"), amd: true });
    expect(spoken(inline.sid)).toEqual(["Inline voicemail."]);

    // A person with AMD on: reported as human, nothing redirected.
    const human = await callWith({ answer: "human" }, { url: app.url("/long"), amd: true });
    expect(spoken(human.sid)).toEqual(["Part one.", "Part two.", "Part three."]);
    expect(human.answeredBy).toBe("human");
  });

  it("an update of a call that is not in progress is refused as Twilio does (21220)", async () => {
    const call = await callWith({ answer: "no-answer" });
    await expect(client.calls(call.sid).update({ url: app.url("/voicemail") })).rejects.toMatchObject({ status: 400, code: 21220 });
  });

  it("nobody answers: initiated, ringing, then no-answer with no TwiML fetched", async () => {
    const call = await callWith({ answer: "no-answer" });
    expect(call.status).toBe("no-answer");
    expect(statusCallbacks().map((p) => p.CallStatus)).toEqual(["initiated", "ringing", "no-answer"]);
    expect(statusCallbacks().at(-1)).toMatchObject({ CallDuration: "0", Duration: "0" });
    expect(app.requests.filter((r) => r.path === "/voice")).toHaveLength(0);
    expect((await client.calls(call.sid).fetch()).status).toBe("no-answer");
  });

  it("busy and failed end without ringing through", async () => {
    const busy = await callWith({ answer: "busy" });
    expect(busy.status).toBe("busy");
    expect(statusCallbacks().map((p) => p.CallStatus)).toEqual(["initiated", "busy"]);
    app.requests.length = 0;
    const failed = await callWith({ answer: "failed" });
    expect(failed.status).toBe("failed");
    expect(statusCallbacks().map((p) => p.CallStatus)).toEqual(["initiated", "failed"]);
  });

  it("duplicate callbacks: every status callback arrives twice, as the same delivery", async () => {
    await callWith({ duplicateCallbacks: true, inputs: [{ digits: "0" }] });
    const seen = statusCallbacks().map((p) => `${p.CallStatus}#${p.SequenceNumber}`);
    expect(seen).toEqual(["initiated#0", "initiated#0", "ringing#1", "ringing#1", "in-progress#2", "in-progress#2", "completed#3", "completed#3"]);
    // The Gather action is part of the call flow, not a callback: once.
    expect(app.requests.filter((r) => r.path === "/menu")).toHaveLength(1);
  });

  it("out of order: ringing arrives after completed, with its own earlier sequence number", async () => {
    await callWith({ outOfOrder: true });
    expect(statusCallbacks().map((p) => [p.CallStatus, p.SequenceNumber])).toEqual([
      ["initiated", "0"],
      ["in-progress", "2"],
      ["completed", "3"],
      ["ringing", "1"],
    ]);
  });

  it("only the events asked for are posted; one space-joined value is not a list", async () => {
    await callWith({}, { events: ["completed"] });
    expect(statusCallbacks().map((p) => p.CallStatus)).toEqual(["completed"]);
    app.requests.length = 0;
    await callWith({}, { events: ["initiated ringing answered completed"] });
    expect(statusCallbacks().map((p) => p.CallStatus)).toEqual(["completed"]);
  });

  it("plays audio it can fetch; a non-audio URL is error 12300 and the call goes on", async () => {
    app.route("/play", () =>
      twiml("<Play>/audio.mp3</Play>", `<Play loop="2">${app.url("/page.html")}</Play>`, "<Play>/missing.mp3</Play>", "<Say>After.</Say>"),
    );
    const call = await callWith({}, { url: app.url("/play") });
    const plays = call.transcript.filter((t) => t.verb === "play");
    expect(plays).toEqual([
      expect.objectContaining({ url: app.url("/audio.mp3"), status: 200, contentType: "audio/mpeg", bytes: TINY_MP3.length, error: null }),
      expect.objectContaining({ url: app.url("/page.html"), status: 200, contentType: "text/html; charset=utf-8", loop: 2, error: 12300 }),
      expect.objectContaining({ url: app.url("/missing.mp3"), status: 404, error: 11200 }),
    ]);
    expect(call.notifications.map((n) => n.code)).toEqual([12300, 11200]);
    expect(spoken(call.sid)).toEqual(["After."]);
    // Media is fetched with GET and no parameters.
    expect(app.requests.find((r) => r.path === "/audio.mp3")).toMatchObject({ method: "GET", params: {} });
  });

  it("a TwiML answer it cannot use ends the call with the error Twilio reports", async () => {
    app.route("/broken", () => "<Response><Say>unclosed</Response>");
    const broken = await callWith({}, { url: app.url("/broken") });
    expect(broken.status).toBe("completed");
    expect(broken.notifications).toEqual([expect.objectContaining({ code: 12100, url: app.url("/broken") })]);

    app.route("/json", () => ({ contentType: "application/json", body: "{}" }));
    expect((await callWith({}, { url: app.url("/json") })).notifications).toEqual([expect.objectContaining({ code: 12300 })]);

    app.route("/error", () => ({ status: 500, contentType: "text/plain", body: "boom" }));
    expect((await callWith({}, { url: app.url("/error") })).notifications).toEqual([expect.objectContaining({ code: 11200 })]);
  });

  it("redirects, follows inline TwiML, and the callee can hang up", async () => {
    app.route("/hop", () => twiml("<Say>Hop.</Say>", "<Redirect>/voicemail</Redirect>", "<Say>Never.</Say>"));
    const hop = await callWith({}, { url: app.url("/hop") });
    expect(spoken(hop.sid)).toEqual(["Hop.", "This is a voicemail."]);
    expect(app.requests.find((r) => r.path === "/voicemail")!.validSignature).toBe(true);

    const inline = await callWith({}, { twiml: "<Response><Say>Inline.</Say></Response>" });
    expect(spoken(inline.sid)).toEqual(["Inline."]);

    // The callee hangs up (timer 0) while the app is still preparing the TwiML (timer 10 ms: later, always).
    app.route("/slow", () => new Promise((resolve) => setTimeout(() => resolve(twiml("<Say>Too late.</Say>")), 10)));
    const gone = await callWith({ hangUpAfterMs: 0 }, { url: app.url("/slow") });
    expect(gone.status).toBe("completed");
    expect(spoken(gone.sid)).toEqual([]);
  });

  it("lists calls with Twilio's paging envelope and filters", async () => {
    const first = await callWith({ answer: "busy" });
    const second = await callWith({ answer: "no-answer" });
    const busy = await client.calls.list({ to: TO, status: "busy" });
    expect(busy.map((c) => c.sid)).toEqual([first.sid]);
    const all = await client.calls.page({ to: TO, from: fake.phoneNumber, pageSize: 1 });
    expect(all.instances.map((c) => c.sid)).toEqual([second.sid]);
    expect(all.nextPageUrl).toContain("Page=1");
    const next = await all.nextPage();
    expect(next!.instances.map((c) => c.sid)).toEqual([first.sid]);
    const today = new Date();
    expect(await client.calls.list({ to: TO, startTimeAfter: new Date(today.getTime() + 2 * 86_400_000) })).toEqual([]);
  });
});
