import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { rfc2822, runTwilioCall, type TwilioCallState } from "./twilio-call-runner";

/**
 * Twilio's Voice REST API on loopback, driven by the real twilio-node client (TWILIO_API_BASE_URL),
 * that then behaves like Twilio on each call it creates: it posts signed status callbacks, fetches the
 * call's TwiML and follows it (<Say>, <Play>, <Pause>, <Gather>, <Redirect>, <Hangup>) as the person
 * (or machine) the test scripted for that number would, posts the async AMD result, and honours
 * mid-call updates. Everything it receives and sends is recorded for assertions.
 */

/** How the destination number behaves. Default: a person who answers and listens (every <Gather> hears silence). */
export type TwilioScenario = {
  answer?: "human" | "machine" | "no-answer" | "busy" | "failed";
  /** Input for each <Gather> in turn; past the end, silence. */
  inputs?: TwilioCallInput[];
  /** Post every status and AMD callback twice (Twilio delivers at least once). */
  duplicateCallbacks?: boolean;
  /** Deliver `ringing` after `completed` (Twilio does not promise order). */
  outOfOrder?: boolean;
  /** The callee hangs up this long after answering (real time). */
  hangUpAfterMs?: number;
  /** What async AMD reports; default machine_end_beep for a machine, human for a person. */
  answeredBy?: string;
  /** Post the AMD result after this many verbs have run (default 0: before the first). */
  amdAfterVerbs?: number;
  /** Keep the call queued until release(sid): for tests that need the call to exist before anything happens. */
  hold?: boolean;
};

export type TwilioCallInput = { digits: string } | { speech: string; confidence?: number } | "silence";

export type TranscriptEntry =
  | { verb: "say"; text: string; voice: string | null; language: string | null; loop: number; inGather: boolean }
  | { verb: "play"; url: string; status: number | null; contentType: string | null; bytes: number; loop: number; inGather: boolean; error: number | null }
  | { verb: "pause"; length: number; inGather: boolean }
  | {
      verb: "gather";
      input: string[];
      action: string;
      method: string;
      numDigits: number | null;
      timeout: number;
      hints: string | null;
      actionOnEmptyResult: boolean;
      heard: TwilioCallInput;
      posted: boolean;
    }
  | { verb: "redirect"; url: string; method: string }
  | { verb: "hangup" }
  | { verb: "unsupported"; name: string };

/** A request the fake sent to the app (or to a media URL), with what came back. */
export type SentRequest = {
  callSid: string;
  kind: "status-callback" | "amd-callback" | "twiml" | "gather-action" | "redirect" | "play";
  method: "GET" | "POST";
  url: string;
  params: Record<string, string>;
  signature: string | null;
  status: number | null;
  contentType: string | null;
  body: string;
  error: string | null;
};

export type RestRequest = {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  params: Record<string, string | string[]>;
  status: number;
  authorized: boolean;
};

/** A Twilio debugger notification (what the console would show): 11200 retrieval failure, 12100 parse failure, 12300 content type. */
export type TwilioNotification = { code: number; message: string; url: string | null };

export type FakeTwilioCall = {
  sid: string;
  to: string;
  from: string;
  status: string;
  answeredBy: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  /** Seconds, from the simulated time each verb takes (speech at ~15 characters a second, pauses, gather timeouts). */
  duration: number | null;
  /** The create request's parameters as Twilio received them (repeated keys as arrays). */
  createParams: Record<string, string | string[]>;
  scenario: TwilioScenario;
  timeline: { status: string; at: Date }[];
  transcript: TranscriptEntry[];
  notifications: TwilioNotification[];
  /** Mid-call updates received (POST Calls/{Sid}.json with Url, Twiml or Status). */
  updates: Record<string, string>[];
};

export type TwilioFakeOptions = {
  phoneNumber?: string;
  accountSid?: string;
  authToken?: string;
  /** The fake's notion of now, for the call resource's dates and the callbacks' timestamps. Default Date.now. */
  clock?: { now(): number };
};

export type TwilioRestError = { status: number; code?: number; message?: string };

const API_VERSION = "2010-04-01";
const E164 = /^\+[1-9]\d{7,14}$/;
const TERMINAL = new Set(["completed", "busy", "no-answer", "canceled", "failed"]);
const CALL_EVENTS = new Set(["initiated", "ringing", "answered", "completed"]);

export async function startTwilioFake(options: TwilioFakeOptions = {}) {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString("hex")}`;
  const authToken = options.authToken ?? randomBytes(16).toString("hex");
  const phoneNumber = options.phoneNumber ?? "+15017122661";
  const phoneNumberSid = `PN${randomBytes(16).toString("hex")}`;
  const clock = options.clock ?? { now: () => Date.now() };
  const now = () => new Date(clock.now());

  const calls = new Map<string, TwilioCallState>();
  const scenarios = new Map<string, TwilioScenario>();
  const restRequests: RestRequest[] = [];
  const sent: SentRequest[] = [];
  const failures: TwilioRestError[] = [];
  // The next create registers the call (held) and never answers: the caller dies waiting (crash tests).
  let stallNext: ((sid: string) => void) | null = null;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      try {
        handle(req, res, body);
      } catch (error) {
        reply(res, 500, { code: 20500, message: `Internal Server Error: ${(error as Error).message}`, more_info: moreInfo(20500), status: 500 });
      }
    });
  });

  function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url ?? "/", "http://fake");
    const query = multiMap(url.searchParams);
    const params = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded") ? multiMap(new URLSearchParams(body)) : {};
    const record: RestRequest = { method: req.method ?? "", path: url.pathname, query, params, status: 0, authorized: false };
    restRequests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      reply(res, status, payload, headers);
    };

    if (!authorized(req.headers.authorization)) {
      send(
        401,
        { code: 20003, detail: "Your AccountSid or AuthToken was incorrect.", message: "Authenticate", more_info: moreInfo(20003), status: 401 },
        { "www-authenticate": 'Basic realm="Twilio API"' },
      );
      return;
    }
    record.authorized = true;
    const injected = failures.shift();
    if (injected) {
      const code = injected.code ?? injected.status * 100;
      send(injected.status, {
        code,
        message: injected.message ?? http.STATUS_CODES[injected.status] ?? "Error",
        more_info: moreInfo(code),
        status: injected.status,
      });
      return;
    }

    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls(?:\/([^/]+))?\.json$/.exec(url.pathname);
    if (!match || match[1] !== accountSid) {
      send(404, notFound(url.pathname));
      return;
    }
    const sid = match[2];
    if (!sid && req.method === "POST") {
      createCall(params, send);
      return;
    }
    if (!sid && req.method === "GET") {
      send(200, listCalls(url, query));
      return;
    }
    const call = sid ? calls.get(sid) : undefined;
    if (!call) {
      send(404, notFound(url.pathname));
      return;
    }
    if (req.method === "GET") {
      send(200, resource(call));
      return;
    }
    if (req.method === "POST") {
      updateCall(call, params, send);
      return;
    }
    if (req.method === "DELETE") {
      calls.delete(call.sid);
      send(204, null);
      return;
    }
    send(405, { code: 20004, message: "Method not allowed", more_info: moreInfo(20004), status: 405 });
  }

  function authorized(header: string | undefined): boolean {
    const expected = Buffer.from(`Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`);
    const given = Buffer.from(header ?? "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  function createCall(params: Record<string, string | string[]>, send: (status: number, payload: unknown) => void) {
    const p = (key: string) => first(params[key]);
    const to = p("To");
    const from = p("From");
    if (!to) {
      send(400, restError(21201, "No 'To' number is specified"));
      return;
    }
    if (!from) {
      send(400, restError(21213, "No 'From' number is specified"));
      return;
    }
    if (!E164.test(to)) {
      send(400, restError(21211, `Invalid 'To' Phone Number: ${to}`));
      return;
    }
    if (!E164.test(from)) {
      send(400, restError(21212, `Invalid 'From' Phone Number: ${from}`));
      return;
    }
    if (from !== phoneNumber) {
      send(
        400,
        restError(
          21210,
          `The source phone number provided, ${from}, is not yet verified for your account. You may only make calls from phone numbers that you've verified or purchased from Twilio.`,
        ),
      );
      return;
    }
    const twimlUrl = p("Url");
    if (!p("Twiml") && !p("ApplicationSid") && !twimlUrl) {
      send(400, restError(21205, "Url parameter is required."));
      return;
    }
    if (twimlUrl && !isHttpUrl(twimlUrl)) {
      send(400, restError(21205, `Url is not a valid URL: ${twimlUrl}`));
      return;
    }
    for (const key of ["StatusCallback", "AsyncAmdStatusCallback", "FallbackUrl"]) {
      const value = p(key);
      if (value && !isHttpUrl(value)) {
        send(400, restError(21609, `Invalid ${key} URL: ${value}`));
        return;
      }
    }
    const createdAt = now();
    const sid = `CA${randomBytes(16).toString("hex")}`;
    const call: TwilioCallState = {
      sid,
      to,
      from,
      status: "queued",
      answeredBy: null,
      dateCreated: createdAt,
      dateUpdated: createdAt,
      startTime: null,
      endTime: null,
      duration: null,
      createParams: params,
      scenario: scenarios.get(to) ?? {},
      timeline: [{ status: "queued", at: createdAt }],
      transcript: [],
      notifications: [],
      updates: [],
      statusCallbackEvents: subscribedEvents(params.StatusCallbackEvent),
      endRequested: null,
      pendingUpdate: null,
      released: () => {},
      done: Promise.resolve(),
    };
    const stalled = stallNext;
    stallNext = null;
    const held = call.scenario.hold || stalled ? new Promise<void>((resolve) => (call.released = resolve)) : Promise.resolve();
    calls.set(sid, call);
    if (stalled) stalled(sid);
    else send(201, resource(call));
    // Twilio works the call after it answered the request.
    call.done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => held)
      .then(() => runTwilioCall(call, { accountSid, authToken, sent, now }))
      .catch((error: unknown) => {
        call.notifications.push({ code: 0, message: `fake Twilio failed: ${(error as Error).stack ?? String(error)}`, url: null });
      });
  }

  function updateCall(call: TwilioCallState, params: Record<string, string | string[]>, send: (status: number, payload: unknown) => void) {
    const update = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, first(v) ?? ""]));
    call.updates.push(update);
    const status = update.Status;
    if (status !== undefined && status !== "completed" && status !== "canceled") {
      send(400, restError(21218, `Invalid Status value: ${status}. Use completed or canceled.`));
      return;
    }
    if (status) {
      if (TERMINAL.has(call.status) || call.endRequested) {
        send(200, resource(call));
        return;
      }
      const live = call.status === "in-progress";
      // `canceled` only reaches calls not yet answered; `completed` ends a call in any state.
      if (status === "canceled" && live) {
        send(200, resource(call));
        return;
      }
      call.endRequested = live ? "completed" : "canceled";
      call.released();
      send(200, resource(call));
      return;
    }
    if (update.Url !== undefined || update.Twiml !== undefined) {
      if (call.status !== "in-progress" || call.endRequested) {
        send(400, restError(21220, "Call is not in-progress. Cannot redirect."));
        return;
      }
      if (update.Url !== undefined && !isHttpUrl(update.Url)) {
        send(400, restError(21205, `Url is not a valid URL: ${update.Url}`));
        return;
      }
      call.pendingUpdate = update.Twiml !== undefined ? { twiml: update.Twiml } : { url: update.Url, method: (update.Method ?? "POST").toUpperCase() };
      send(200, resource(call));
      return;
    }
    send(200, resource(call));
  }

  function listCalls(url: URL, query: Record<string, string | string[]>) {
    const q = (key: string) => first(query[key]);
    const pageSize = Math.min(Math.max(Number(q("PageSize") ?? 50) || 50, 1), 1000);
    const page = Math.max(Number(q("Page") ?? 0) || 0, 0);
    const day = (value: string | undefined) => (value ? value.slice(0, 10) : undefined);
    // Twilio filters these by UTC day (YYYY-MM-DD), whatever time of day the value carries.
    const startOn = day(q("StartTime"));
    const startFrom = day(q("StartTime>"));
    const startUntil = day(q("StartTime<"));
    const endOn = day(q("EndTime"));
    const endFrom = day(q("EndTime>"));
    const endUntil = day(q("EndTime<"));
    const dayOf = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
    const matching = [...calls.values()]
      .filter((c) => !q("To") || c.to === q("To"))
      .filter((c) => !q("From") || c.from === q("From"))
      .filter((c) => !q("Status") || c.status === q("Status"))
      .filter(() => !q("ParentCallSid"))
      .filter((c) => {
        const s = dayOf(c.startTime);
        if ((startOn || startFrom || startUntil) && !s) return false;
        return (!startOn || s === startOn) && (!startFrom || s! >= startFrom) && (!startUntil || s! <= startUntil);
      })
      .filter((c) => {
        const e = dayOf(c.endTime);
        if ((endOn || endFrom || endUntil) && !e) return false;
        return (!endOn || e === endOn) && (!endFrom || e! >= endFrom) && (!endUntil || e! <= endUntil);
      })
      .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime());
    const slice = matching.slice(page * pageSize, (page + 1) * pageSize);
    const pageUri = (n: number) => {
      const u = new URLSearchParams(url.searchParams);
      u.set("PageSize", String(pageSize));
      u.set("Page", String(n));
      if (n > 0) u.set("PageToken", `PA${matching[n * pageSize - 1]?.sid ?? ""}`);
      else u.delete("PageToken");
      return `${url.pathname}?${u.toString()}`;
    };
    const hasNext = (page + 1) * pageSize < matching.length;
    return {
      calls: slice.map(resource),
      end: page * pageSize + Math.max(slice.length - 1, 0),
      first_page_uri: pageUri(0),
      next_page_uri: hasNext ? pageUri(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      start: page * pageSize,
      uri: `${url.pathname}${url.search}`,
    };
  }

  function resource(call: TwilioCallState) {
    const base = `/${API_VERSION}/Accounts/${accountSid}/Calls/${call.sid}`;
    const sub = (name: string) => `${base}/${name}.json`;
    return {
      account_sid: accountSid,
      annotation: null,
      answered_by: call.answeredBy,
      api_version: API_VERSION,
      caller_name: null,
      date_created: rfc2822(call.dateCreated),
      date_updated: rfc2822(call.dateUpdated),
      direction: "outbound-api",
      duration: call.duration === null ? null : String(call.duration),
      end_time: call.endTime ? rfc2822(call.endTime) : null,
      forwarded_from: null,
      from: call.from,
      from_formatted: formatted(call.from),
      group_sid: null,
      parent_call_sid: null,
      phone_number_sid: phoneNumberSid,
      price: null,
      price_unit: "USD",
      queue_time: "0",
      sid: call.sid,
      start_time: call.startTime ? rfc2822(call.startTime) : null,
      status: call.status,
      subresource_uris: {
        feedback: sub("Feedback"),
        notifications: sub("Notifications"),
        recordings: sub("Recordings"),
        streams: sub("Streams"),
        payments: sub("Payments"),
        user_defined_message_subscriptions: sub("UserDefinedMessageSubscriptions"),
        user_defined_messages: sub("UserDefinedMessages"),
        events: sub("Events"),
        siprec: sub("Siprec"),
      },
      to: call.to,
      to_formatted: formatted(call.to),
      trunk_sid: null,
      uri: `${base}.json`,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const getCall = (sid: string): FakeTwilioCall => {
    const call = calls.get(sid);
    if (!call) throw new Error(`the fake Twilio has no call ${sid}`);
    return call;
  };

  return {
    env: { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_PHONE_NUMBER: phoneNumber, TWILIO_API_BASE_URL: baseUrl },
    url: baseUrl,
    accountSid,
    authToken,
    phoneNumber,
    /** Every REST request received, in order. */
    restRequests,
    /** Every request the fake sent (callbacks, TwiML fetches, gather actions, media fetches), in order. */
    sent,
    /** How calls to `to` behave from now on. */
    setScenario: (to: string, scenario: TwilioScenario) => void scenarios.set(to, scenario),
    /** Answer the next REST request(s) with these errors instead (after authentication), in order. */
    failNextRequest: (...errors: TwilioRestError[]) => void failures.push(...errors),
    calls: () => [...calls.values()] as FakeTwilioCall[],
    call: getCall,
    /**
     * The next calls.create creates the call (held, as `hold: true`) but never answers the request,
     * as if the caller's process died right after Twilio took it. Resolves with the call's sid.
     */
    stallNextCreate: () => new Promise<string>((resolve) => (stallNext = resolve)),
    /** Let a call held by `hold: true` proceed. */
    release: (sid: string) => calls.get(sid)?.released(),
    /** Resolves once the call has ended and every callback about it (late ones included) was delivered. */
    waitForCall: async (sid: string): Promise<FakeTwilioCall> => {
      const call = calls.get(sid);
      if (!call) throw new Error(`the fake Twilio has no call ${sid}`);
      await call.done;
      return call;
    },
    /** Resolves once no call is in progress (calls created while waiting are waited for too). */
    waitForIdle: async () => {
      for (;;) {
        const pending = [...calls.values()].map((c) => c.done);
        await Promise.all(pending);
        if ([...calls.values()].length === pending.length) return;
      }
    },
    /** Forget calls, scenarios and records (between tests). */
    reset: () => {
      calls.clear();
      scenarios.clear();
      restRequests.length = 0;
      sent.length = 0;
      failures.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TwilioFake = Awaited<ReturnType<typeof startTwilioFake>>;

function reply(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
  if (status === 204 || payload === null) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const body = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "twilio-request-id": `RQ${randomUUID().replace(/-/g, "")}`, ...headers });
  res.end(body);
}

function moreInfo(code: number) {
  return `https://www.twilio.com/docs/errors/${code}`;
}

function restError(code: number, message: string, status = 400) {
  return { code, message, more_info: moreInfo(code), status };
}

function notFound(path: string) {
  return restError(20404, `The requested resource ${path} was not found`, 404);
}

function multiMap(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function asArray(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The events a call's status callback receives: each repeated StatusCallbackEvent that names one;
 * without any (or with none that does, e.g. one space-joined value) Twilio's default, completed only.
 */
function subscribedEvents(value: string | string[] | undefined): string[] {
  const events = asArray(value).filter((e) => CALL_EVENTS.has(e));
  return events.length ? events : ["completed"];
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

function formatted(number: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : number;
}
