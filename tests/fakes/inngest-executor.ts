import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/*
 * The Inngest server's side of the SDK protocol (inngest/inngest docs/SDK_SPEC.md, "Call Requests" and
 * "Steps"), on loopback, for proving that a function runs when deployed behind Inngest:
 * - runThroughServe() is the executor. It POSTs signed Call Requests to the app's serve() endpoint
 *   (/api/inngest by default) with the run's event, the memoized step state and ctx (run id, attempt,
 *   stack), acts on the ops the SDK answers with (StepRun, StepError, StepFailed, StepPlanned, Sleep,
 *   WaitForEvent), memoizes their results as the server does, and calls again until the function
 *   returns or fails. It checks the SDK's response signature.
 * - An event intake (POST /e/:key) records what the app sends to Inngest (inngest.send, step.sendEvent).
 * The SDK is not asked to checkpoint (ctx has no fn_id), the classic protocol every SDK speaks.
 */

export type WireEvent = { name: string; data: Record<string, unknown>; id?: string; ts?: number; [key: string]: unknown };

/** An op as the SDK reports it in a 206 answer. */
export type ReportedOp = { id: string; op: string; name?: string; displayName?: string; data?: unknown; error?: unknown; opts?: Record<string, unknown> };

export type WaitForEventOp = { id: string; displayName?: string; event: string; timeout: string; if?: string };

export type CallRecord = { stepId: string; attempt: number; status: number; ops: ReportedOp[] };

export type ServeRun = {
  status: "completed" | "failed";
  /** The function's return value (completed) or its serialized error (failed). */
  result: unknown;
  runId: string;
  /** Every Call Request made, in order, with what the SDK answered. */
  calls: CallRecord[];
  /** The memoized step state at the end, keyed by hashed step id, as the server would send it. */
  steps: Record<string, unknown>;
};

export type RunThroughServeOptions = {
  /** The app's id (the prefix of function ids), "pookai" by default. */
  appId?: string;
  runId?: string;
  /** Attempts per step or function body (retries + 1); Inngest's default is 4. */
  maxAttempts?: number;
  /** Answers a WaitForEvent op with the event that arrived, or null for the timeout (the default). */
  onWaitForEvent?: (op: WaitForEventOp) => WireEvent | null | Promise<WireEvent | null>;
  /** Told of each Sleep op (duration or ISO date); the executor then memoizes it as over. */
  onSleep?: (op: { id: string; displayName?: string; until: string }) => void | Promise<void>;
  /** Where Call Requests go; by default the app's own /api/inngest POST handler. */
  handler?: (request: Request) => Promise<Response>;
  /** Stop with an error after this many calls (a function that never settles). */
  maxCalls?: number;
};

const SIGNATURE = "x-inngest-signature";

export async function startFakeInngest(options: { signingKey?: string; eventKey?: string } = {}) {
  const signingKey = options.signingKey ?? `signkey-test-${randomBytes(32).toString("hex")}`;
  const eventKey = options.eventKey ?? `event-key-${randomBytes(8).toString("hex")}`;
  const received: { key: string; event: WireEvent }[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const match = /^\/e\/([^/?]+)$/.exec(req.url ?? "");
      if (req.method !== "POST" || !match) {
        res.writeHead(404, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: "not found", status: 404 }));
      }
      if (decodeURIComponent(match[1]!) !== eventKey) {
        res.writeHead(401, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: "Event key not found", status: 401 }));
      }
      const body = JSON.parse(raw) as WireEvent | WireEvent[];
      const events = Array.isArray(body) ? body : [body];
      const ids = events.map((event) => {
        const id = event.id ?? randomUUID();
        received.push({ key: match[1]!, event: { ...event, id } });
        return id;
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ids, status: 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    /** Point the app at this "Inngest": events go to the intake, /api/inngest serves signed calls. */
    env: { INNGEST_BASE_URL: url, INNGEST_EVENT_KEY: eventKey, INNGEST_SIGNING_KEY: signingKey },
    /** Events the app sent to Inngest, in arrival order. */
    events: () => received.map((r) => r.event),
    sign: (body: string) => sign(signingKey, body, Math.round(Date.now() / 1000)),
    runThroughServe: (fnId: string, event: WireEvent, runOptions: RunThroughServeOptions = {}) => runThroughServe(signingKey, fnId, event, runOptions),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Drive one run of `fnId` with `event` through serve() until the function returns or fails. */
async function runThroughServe(signingKey: string, fnId: string, trigger: WireEvent, options: RunThroughServeOptions): Promise<ServeRun> {
  const appId = options.appId ?? "pookai";
  const runId = options.runId ?? `01${randomBytes(12).toString("hex").toUpperCase()}`;
  const maxAttempts = options.maxAttempts ?? 4;
  const maxCalls = options.maxCalls ?? 200;
  const handler = options.handler ?? appServeHandler;
  const event: WireEvent = { id: randomUUID(), ts: Date.now(), ...trigger };
  const steps: Record<string, unknown> = {};
  const stack: string[] = [];
  const calls: CallRecord[] = [];
  const planned: string[] = [];
  let attempt = 0;
  let disableImmediateExecution = false;
  // The first request lets the SDK choose its execution version; later ones repeat its answer.
  let version = -1;

  const memoize = (id: string, value: unknown) => {
    steps[id] = value;
    stack.push(id);
    attempt = 0;
  };

  for (;;) {
    if (calls.length >= maxCalls) throw new Error(`runThroughServe: ${fnId} did not settle within ${maxCalls} calls`);
    const stepId = planned[0] ?? "step";
    const body = canonicalJson({
      event,
      events: [event],
      steps,
      ctx: {
        run_id: runId,
        attempt,
        max_attempts: maxAttempts,
        disable_immediate_execution: disableImmediateExecution,
        use_api: false,
        stack: { stack, current: Math.max(0, stack.length - 1) },
      },
      version,
    });
    const url = new URL("http://127.0.0.1/api/inngest");
    url.searchParams.set("fnId", `${appId}-${fnId}`);
    url.searchParams.set("stepId", stepId);
    const response = await handler(
      new Request(url, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-inngest-server-kind": "cloud",
          [SIGNATURE]: sign(signingKey, body, Math.round(Date.now() / 1000)),
        },
      }),
    );
    const text = await response.text();
    if (response.status === 401) throw new Error(`serve() refused the call as unauthorized: ${text}`);
    verifyResponseSignature(signingKey, response, text);
    const reqVersion = Number(response.headers.get("x-inngest-req-version"));
    if (Number.isFinite(reqVersion) && reqVersion > 0) version = reqVersion;
    const noRetry = response.headers.get("x-inngest-no-retry") === "true";

    if (response.status === 200) {
      calls.push({ stepId, attempt, status: 200, ops: [] });
      return { status: "completed", result: JSON.parse(text), runId, calls, steps };
    }
    if (response.status !== 206) {
      calls.push({ stepId, attempt, status: response.status, ops: [] });
      // The function body threw: retried with the next attempt unless it said not to.
      if (response.status >= 500 && !noRetry && attempt + 1 < maxAttempts) {
        attempt += 1;
        continue;
      }
      return { status: "failed", result: JSON.parse(text), runId, calls, steps };
    }

    const ops = JSON.parse(text) as ReportedOp[];
    calls.push({ stepId, attempt, status: 206, ops });
    if (stepId !== "step") planned.shift();
    // Once more than one step was reported, every step must be planned before it runs.
    if (ops.length > 1) disableImmediateExecution = true;
    for (const op of ops) {
      switch (op.op) {
        case "StepRun":
          memoize(op.id, { data: op.data ?? null });
          break;
        case "StepFailed":
          memoize(op.id, { error: op.error });
          break;
        case "StepError":
          if (noRetry || attempt + 1 >= maxAttempts) memoize(op.id, { error: op.error });
          else {
            attempt += 1;
            if (stepId !== "step") planned.unshift(stepId);
          }
          break;
        case "StepPlanned":
          if (!planned.includes(op.id)) planned.push(op.id);
          break;
        case "Sleep":
          await options.onSleep?.({ id: op.id, displayName: op.displayName, until: op.name ?? "" });
          // The server memoizes a finished sleep with null.
          memoize(op.id, null);
          break;
        case "WaitForEvent": {
          const opts = (op.opts ?? {}) as { timeout?: string; if?: string };
          const wait = { id: op.id, displayName: op.displayName, event: op.name ?? "", timeout: opts.timeout ?? "", ...(opts.if ? { if: opts.if } : {}) };
          // The matching event itself (not nested in data), or null at the timeout.
          memoize(op.id, (await options.onWaitForEvent?.(wait)) ?? null);
          break;
        }
        case "RunComplete":
          return { status: "completed", result: op.data ?? null, runId, calls, steps };
        default:
          throw new Error(`runThroughServe: the SDK reported op "${op.op}", which this executor does not implement`);
      }
    }
  }
}

/** The app's own route, loaded when called (after a test set the Inngest env and reset modules). */
async function appServeHandler(request: Request): Promise<Response> {
  const { NextRequest } = await import("next/server");
  const { POST } = await import("@/app/api/inngest/route");
  return POST(new NextRequest(request), { params: Promise.resolve({}) });
}

/** X-Inngest-Signature: t=<unix seconds>&s=<hex HMAC-SHA256 of body + t, keyed by the key without its signkey-*- prefix>. */
function sign(signingKey: string, body: string, t: number): string {
  const key = signingKey.replace(/^signkey-\w+-/, "");
  return `t=${t}&s=${createHmac("sha256", key)
    .update(body + String(t))
    .digest("hex")}`;
}

function verifyResponseSignature(signingKey: string, response: Response, body: string): void {
  const header = response.headers.get(SIGNATURE);
  if (!header) throw new Error(`serve() answered ${response.status} without a signature`);
  const t = Number(new URLSearchParams(header).get("t"));
  const expected = Buffer.from(sign(signingKey, body, t));
  if (expected.length !== header.length || !timingSafeEqual(expected, Buffer.from(header))) throw new Error("serve() answered with a wrong signature");
}

/** JSON Canonicalization Scheme (RFC 8785) for JSON data: what the SDK signs when it sees parsed JSON. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}
