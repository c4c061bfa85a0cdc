import { randomUUID } from "node:crypto";
import twilio from "twilio";
import { xml2js, type Element } from "xml-js";
import type { FakeTwilioCall, SentRequest, TwilioCallInput } from "./twilio-server";

/** A call as the fake works it: the public record plus what the REST side and the runner share. */
export type TwilioCallState = FakeTwilioCall & {
  statusCallbackEvents: string[];
  /** A REST hang-up arrived: how the call ends. */
  endRequested: "completed" | "canceled" | null;
  /** A REST update (Url or Twiml) to follow at the next verb. */
  pendingUpdate: { url?: string; method?: string; twiml?: string } | null;
  released: () => void;
  done: Promise<void>;
};

type Context = { accountSid: string; authToken: string; sent: SentRequest[]; now: () => Date };
type TwimlDocument = { url: string | null; verbs: Element[] };

/** Media types Twilio's <Play> accepts; anything else is error 12300. */
const AUDIO_TYPES = new Set([
  "audio/mpeg",
  "audio/mp3",
  "audio/wav",
  "audio/wave",
  "audio/x-wav",
  "audio/aiff",
  "audio/x-aifc",
  "audio/x-aiff",
  "audio/x-gsm",
  "audio/gsm",
  "audio/ulaw",
  "audio/basic",
]);
const TWIML_TYPES = /^(text\/xml|application\/xml|text\/html)\b/i;
/** Speech runs at about 15 characters a second; mp3 at 128 kbit/s is 16 kB a second. */
const CHARS_PER_SECOND = 15;
const AUDIO_BYTES_PER_SECOND = 16_000;

export async function runTwilioCall(call: TwilioCallState, ctx: Context): Promise<void> {
  await new CallRun(call, ctx).run();
}

class CallRun {
  private sequence = 0;
  private seconds = 0;
  private answered = false;
  private calleeHungUp = false;
  private verbsRun = 0;
  private amdPosted = false;
  private inputIndex = 0;
  private lateRinging: (() => Promise<void>) | null = null;

  constructor(
    private readonly call: TwilioCallState,
    private readonly ctx: Context,
  ) {}

  private param(key: string): string | undefined {
    const v = this.call.createParams[key];
    return Array.isArray(v) ? v[0] : v;
  }

  private get amd(): { requested: boolean; async: boolean } {
    const mode = this.param("MachineDetection");
    return { requested: mode === "Enable" || mode === "DetectMessageEnd", async: this.param("AsyncAmd") === "true" };
  }

  private over(): boolean {
    return this.call.endRequested !== null || this.calleeHungUp;
  }

  async run(): Promise<void> {
    const { call } = this;
    const scenario = call.scenario;
    if (call.endRequested) return this.finish("canceled");
    call.startTime = this.ctx.now();
    this.setStatus("initiated");
    await this.statusCallback("initiated");
    if (scenario.answer === "failed") return this.finish("failed");
    if (scenario.answer === "busy") return this.finish("busy");
    if (call.endRequested) return this.finish("canceled");
    this.setStatus("ringing");
    const ringing = this.prepareStatusCallback("ringing");
    if (scenario.outOfOrder) this.lateRinging = ringing;
    else await ringing?.();
    if (call.endRequested) return this.finish("canceled");
    if (scenario.answer === "no-answer") return this.finish("no-answer");

    this.answered = true;
    if (this.amd.requested && !this.amd.async) call.answeredBy = this.answeredBy();
    this.setStatus("in-progress");
    await this.statusCallback("answered");
    const hangUpTimer = scenario.hangUpAfterMs !== undefined ? setTimeout(() => (this.calleeHungUp = true), scenario.hangUpAfterMs) : undefined;
    try {
      let doc = await this.initialDocument();
      while (doc && !this.over()) doc = await this.execute(doc);
    } finally {
      clearTimeout(hangUpTimer);
    }
    // The call ended before detection finished: Twilio still reports, as unknown.
    if (this.amd.requested && this.amd.async && !this.amdPosted) await this.postAmd("unknown");
    await this.finish("completed");
  }

  private setStatus(status: string) {
    const now = this.ctx.now();
    this.call.status = status;
    this.call.dateUpdated = now;
    this.call.timeline.push({ status, at: now });
  }

  private async finish(status: string) {
    const { call } = this;
    const final = call.endRequested === "canceled" ? "canceled" : status;
    call.endTime = this.ctx.now();
    call.duration = this.answered ? Math.max(1, Math.ceil(this.seconds)) : 0;
    this.setStatus(final);
    await this.statusCallback("completed");
    if (this.lateRinging) await this.lateRinging();
  }

  private answeredBy(): string {
    const { scenario } = this.call;
    if (scenario.answeredBy) return scenario.answeredBy;
    if (scenario.answer !== "machine") return "human";
    return this.param("MachineDetection") === "DetectMessageEnd" ? "machine_end_beep" : "machine_start";
  }

  /** The parameters Twilio sends with every request about a call. */
  private baseParams(): Record<string, string> {
    const { call, ctx } = this;
    const country = (n: string) => (n.startsWith("+1") ? { country: "US" } : {});
    return {
      AccountSid: ctx.accountSid,
      ApiVersion: "2010-04-01",
      CallSid: call.sid,
      CallStatus: call.status,
      Called: call.to,
      Caller: call.from,
      Direction: "outbound-api",
      From: call.from,
      To: call.to,
      ...(country(call.from).country ? { FromCountry: "US", CallerCountry: "US" } : {}),
      ...(country(call.to).country ? { ToCountry: "US", CalledCountry: "US" } : {}),
    };
  }

  private async statusCallback(event: string) {
    await this.prepareStatusCallback(event)?.();
  }

  /** The callback for `event` as of now (parameters fixed now, sent when called), or null when not subscribed. */
  private prepareStatusCallback(event: string): (() => Promise<void>) | null {
    const url = this.param("StatusCallback");
    if (!url || !this.call.statusCallbackEvents.includes(event)) return null;
    const method = (this.param("StatusCallbackMethod") ?? "POST").toUpperCase() === "GET" ? "GET" : "POST";
    const params: Record<string, string> = {
      ...this.baseParams(),
      CallbackSource: "call-progress-events",
      SequenceNumber: String(this.sequence++),
      Timestamp: rfc2822(this.ctx.now()),
    };
    if (event === "completed") {
      params.CallDuration = String(this.call.duration ?? 0);
      params.Duration = String(Math.ceil((this.call.duration ?? 0) / 60));
    }
    if (this.call.answeredBy) params.AnsweredBy = this.call.answeredBy;
    const idempotencyToken = randomUUID();
    return async () => {
      const times = this.call.scenario.duplicateCallbacks ? 2 : 1;
      for (let i = 0; i < times; i++) await this.send("status-callback", method, url, params, { idempotencyToken });
    };
  }

  private async postAmd(answeredBy = this.answeredBy()) {
    this.amdPosted = true;
    this.call.answeredBy = answeredBy;
    const url = this.param("AsyncAmdStatusCallback");
    if (!url) return;
    const method = (this.param("AsyncAmdStatusCallbackMethod") ?? "POST").toUpperCase() === "GET" ? "GET" : "POST";
    const params = { AccountSid: this.ctx.accountSid, CallSid: this.call.sid, AnsweredBy: answeredBy, MachineDetectionDuration: "4230" };
    const idempotencyToken = randomUUID();
    const times = this.call.scenario.duplicateCallbacks ? 2 : 1;
    for (let i = 0; i < times; i++) await this.send("amd-callback", method, url, params, { idempotencyToken });
  }

  /** Send one signed request as Twilio does and record it with the answer. */
  private async send(
    kind: SentRequest["kind"],
    method: "GET" | "POST",
    url: string,
    params: Record<string, string>,
    options: { sign?: boolean; idempotencyToken?: string } = {},
  ): Promise<{ entry: SentRequest; bytes: number }> {
    let target = url;
    let body: string | undefined;
    const headers: Record<string, string> = {
      "user-agent": "TwilioProxy/1.1",
      "i-twilio-idempotency-token": options.idempotencyToken ?? randomUUID(),
      accept: "*/*",
    };
    if (method === "GET") {
      const u = new URL(url);
      for (const [k, v] of Object.entries(params)) u.searchParams.append(k, v);
      target = u.toString();
    } else {
      body = new URLSearchParams(params).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    const signature = options.sign === false ? null : twilio.getExpectedTwilioSignature(this.ctx.authToken, target, method === "GET" ? {} : params);
    if (signature) headers["x-twilio-signature"] = signature;
    const entry: SentRequest = { callSid: this.call.sid, kind, method, url: target, params, signature, status: null, contentType: null, body: "", error: null };
    this.ctx.sent.push(entry);
    let bytes = 0;
    try {
      const res = await fetch(target, { method, headers, body, signal: AbortSignal.timeout(15_000) });
      entry.status = res.status;
      entry.contentType = res.headers.get("content-type");
      if (kind === "play") bytes = (await res.arrayBuffer()).byteLength;
      else entry.body = await res.text();
    } catch (error) {
      entry.error = (error as Error).message;
    }
    return { entry, bytes };
  }

  private notify(code: number, message: string, url: string | null) {
    this.call.notifications.push({ code, message, url });
  }

  private async initialDocument(): Promise<TwimlDocument | null> {
    const inline = this.param("Twiml");
    if (inline !== undefined) return this.parse(inline, null);
    const url = this.param("Url");
    if (!url) return null;
    const method = (this.param("Method") ?? "POST").toUpperCase() === "GET" ? "GET" : "POST";
    const extra: Record<string, string> = this.call.answeredBy ? { AnsweredBy: this.call.answeredBy } : {};
    return this.fetchDocument("twiml", url, method, extra);
  }

  /** Fetch TwiML as Twilio does; a failed fetch, a wrong content type or bad XML ends the call (application error). */
  private async fetchDocument(
    kind: SentRequest["kind"],
    url: string,
    method: "GET" | "POST",
    extra: Record<string, string> = {},
  ): Promise<TwimlDocument | null> {
    const { entry } = await this.send(kind, method, url, { ...this.baseParams(), ...extra });
    if (entry.error || entry.status === null || entry.status < 200 || entry.status >= 300) {
      this.notify(11200, `HTTP retrieval failure: ${entry.error ?? `status ${entry.status}`}`, url);
      return null;
    }
    if (!TWIML_TYPES.test(entry.contentType ?? "")) {
      this.notify(12300, `Invalid Content-Type: ${entry.contentType ?? "none"}`, url);
      return null;
    }
    return this.parse(entry.body, url);
  }

  private parse(xml: string, url: string | null): TwimlDocument | null {
    let root: Element | undefined;
    try {
      const doc = xml2js(xml, { compact: false }) as Element;
      root = doc.elements?.find((e) => e.type === "element");
    } catch (error) {
      this.notify(12100, `Document parse failure: ${(error as Error).message.split("\n")[0]}`, url);
      return null;
    }
    if (!root || root.name !== "Response") {
      this.notify(12100, `Document parse failure: the root element is ${root?.name ?? "missing"}, not Response`, url);
      return null;
    }
    return { url, verbs: (root.elements ?? []).filter((e) => e.type === "element") };
  }

  /** A REST update or hang-up that interrupts the document: undefined when there is none. */
  private async interruption(): Promise<TwimlDocument | null | undefined> {
    if (this.over()) return null;
    const update = this.call.pendingUpdate;
    if (!update) return undefined;
    this.call.pendingUpdate = null;
    if (update.twiml !== undefined) return this.parse(update.twiml, null);
    return this.fetchDocument("twiml", update.url!, update.method === "GET" ? "GET" : "POST");
  }

  /** Run a document's verbs; the next document to follow, or null to hang up. */
  private async execute(doc: TwimlDocument): Promise<TwimlDocument | null> {
    for (const verb of doc.verbs) {
      if (this.amd.requested && this.amd.async && !this.amdPosted && this.verbsRun >= (this.call.scenario.amdAfterVerbs ?? 0)) await this.postAmd();
      const next = await this.interruption();
      if (next !== undefined) return next;
      this.verbsRun++;
      switch (verb.name) {
        case "Say":
          this.say(verb, false);
          break;
        case "Play":
          await this.play(verb, doc, false);
          break;
        case "Pause":
          this.pause(verb, false);
          break;
        case "Gather": {
          const result = await this.gather(verb, doc);
          if (result.navigated) return result.doc;
          break;
        }
        case "Redirect": {
          const target = resolve(textOf(verb).trim(), doc.url);
          const method = attr(verb, "method")?.toUpperCase() === "GET" ? "GET" : "POST";
          this.call.transcript.push({ verb: "redirect", url: target ?? "", method });
          if (!target) {
            this.notify(12100, "Redirect has no usable URL", doc.url);
            return null;
          }
          return this.fetchDocument("redirect", target, method);
        }
        case "Hangup":
        case "Reject":
          this.call.transcript.push({ verb: "hangup" });
          return null;
        default:
          this.call.transcript.push({ verb: "unsupported", name: verb.name ?? "?" });
      }
    }
    return null;
  }

  private say(verb: Element, inGather: boolean) {
    const text = textOf(verb).replace(/\s+/g, " ").trim();
    const loop = Number(attr(verb, "loop") ?? 1);
    this.call.transcript.push({ verb: "say", text, voice: attr(verb, "voice") ?? null, language: attr(verb, "language") ?? null, loop, inGather });
    this.seconds += (text.length / CHARS_PER_SECOND) * Math.max(loop, 1);
  }

  private pause(verb: Element, inGather: boolean) {
    const length = Number(attr(verb, "length") ?? 1);
    this.call.transcript.push({ verb: "pause", length, inGather });
    this.seconds += length;
  }

  private async play(verb: Element, doc: TwimlDocument, inGather: boolean) {
    const url = resolve(textOf(verb).trim(), doc.url);
    const loop = Number(attr(verb, "loop") ?? 1);
    if (!url) {
      this.notify(11200, "Play has no usable URL", doc.url);
      this.call.transcript.push({ verb: "play", url: "", status: null, contentType: null, bytes: 0, loop, inGather, error: 11200 });
      return;
    }
    const { entry, bytes } = await this.send("play", "GET", url, {}, { sign: false });
    const mediaType = (entry.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    let error: number | null = null;
    if (entry.error || entry.status === null || entry.status < 200 || entry.status >= 300) {
      error = 11200;
      this.notify(11200, `HTTP retrieval failure: ${entry.error ?? `status ${entry.status}`}`, url);
    } else if (!AUDIO_TYPES.has(mediaType)) {
      error = 12300;
      this.notify(12300, `Invalid Content-Type: ${entry.contentType ?? "none"}`, url);
    }
    this.call.transcript.push({ verb: "play", url, status: entry.status, contentType: entry.contentType, bytes, loop, inGather, error });
    if (!error) this.seconds += (bytes / AUDIO_BYTES_PER_SECOND) * Math.max(loop, 1);
  }

  private nextInput(): TwilioCallInput {
    return this.call.scenario.inputs?.[this.inputIndex++] ?? "silence";
  }

  private async gather(verb: Element, doc: TwimlDocument): Promise<{ navigated: false } | { navigated: true; doc: TwimlDocument | null }> {
    const input = (attr(verb, "input") ?? "dtmf").split(/\s+/).filter(Boolean);
    const action = resolve(attr(verb, "action") ?? "", doc.url) ?? doc.url;
    const method = attr(verb, "method")?.toUpperCase() === "GET" ? "GET" : "POST";
    const numDigitsAttr = attr(verb, "numDigits");
    const numDigits = numDigitsAttr ? Number(numDigitsAttr) : null;
    const timeout = Number(attr(verb, "timeout") ?? 5);
    const finishOnKey = attr(verb, "finishOnKey") ?? "#";
    const actionOnEmptyResult = attr(verb, "actionOnEmptyResult") === "true";
    for (const child of verb.elements ?? []) {
      if (child.type !== "element" || this.over()) continue;
      if (child.name === "Say") this.say(child, true);
      else if (child.name === "Play") await this.play(child, doc, true);
      else if (child.name === "Pause") this.pause(child, true);
      else this.call.transcript.push({ verb: "unsupported", name: `Gather>${child.name}` });
    }
    if (this.over()) return { navigated: true, doc: null };

    const heard = this.nextInput();
    let posted: Record<string, string> | null = null;
    if (heard !== "silence" && "digits" in heard && input.includes("dtmf")) {
      let digits = heard.digits;
      let finishedOnKey = "";
      const stop = finishOnKey ? digits.indexOf(finishOnKey) : -1;
      if (stop >= 0) {
        finishedOnKey = finishOnKey;
        digits = digits.slice(0, stop);
      }
      if (numDigits) digits = digits.slice(0, numDigits);
      if (digits) posted = { Digits: digits, FinishedOnKey: finishedOnKey };
      this.seconds += 1;
    } else if (heard !== "silence" && "speech" in heard && input.includes("speech")) {
      posted = { SpeechResult: heard.speech, Confidence: String(heard.confidence ?? 0.92) };
      this.seconds += heard.speech.length / CHARS_PER_SECOND;
    }
    if (!posted) this.seconds += timeout;
    if (!posted && actionOnEmptyResult) posted = {};
    this.call.transcript.push({
      verb: "gather",
      input,
      action: action ?? "",
      method,
      numDigits,
      timeout,
      hints: attr(verb, "hints") ?? null,
      actionOnEmptyResult,
      heard,
      posted: posted !== null,
    });
    if (!posted) return { navigated: false };
    if (!action) {
      this.notify(12100, "Gather has no action and the document has no URL", null);
      return { navigated: false };
    }
    return { navigated: true, doc: await this.fetchDocument("gather-action", action, method, posted) };
  }
}

function attr(el: Element, name: string): string | undefined {
  const v = el.attributes?.[name];
  return v === undefined ? undefined : String(v);
}

/** The text of an element, SSML children included. */
function textOf(el: Element): string {
  return (el.elements ?? [])
    .map((c) => (c.type === "text" ? String(c.text) : c.type === "cdata" ? String(c.cdata) : c.type === "element" ? textOf(c) : ""))
    .join("");
}

/** A URL in TwiML, resolved against the document's URL as Twilio does; null when it cannot be resolved. */
function resolve(value: string, base: string | null): string | null {
  if (!value) return null;
  try {
    return base ? new URL(value, base).toString() : new URL(value).toString();
  } catch {
    return null;
  }
}

/** Twilio's date format: "Tue, 31 Aug 2010 20:36:28 +0000". */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}
