import { randomBytes } from "node:crypto";
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createGoogleIdentity, googleError, json } from "./google-identity";

/**
 * A loopback Gmail: the REST shapes and errors @googleapis/gmail and google-auth-library see from
 * gmail.googleapis.com, oauth2.googleapis.com and accounts.google.com, with Gmail's per-user quota
 * (units per rolling minute, 429 past it) enforced on a clock the test controls. Also the batch
 * endpoint (POST /batch/gmail/v1, multipart/mixed): each inner call is routed, authenticated,
 * charged and fault-injected exactly like the same call sent on its own.
 */
export type FakeGmailMessageInput = {
  from: string;
  subject: string;
  /** Milliseconds since epoch (Gmail's internalDate). */
  date: number;
  to?: string;
  snippet?: string;
  labelIds?: string[];
  threadId?: string;
  mimeType?: string;
  /** Further headers, e.g. { "List-Unsubscribe": "<https://...>" }. */
  headers?: Record<string, string>;
};

type StoredMessage = {
  id: string;
  threadId: string;
  labelIds: string[];
  snippet: string;
  historyId: number;
  internalDate: number;
  mimeType: string;
  headers: { name: string; value: string }[];
};

type HistoryRecord = { id: number; message: StoredMessage };

type FakeUser = {
  email: string;
  messages: StoredMessage[];
  history: HistoryRecord[];
  historyId: number;
  /** history.list from an id below this answers 404 (Gmail keeps about a week). */
  historyFloor: number;
  quota: { at: number; units: number }[];
};

export type GmailFakeOptions = {
  /** The fake's notion of now (share the provider's manual clock). Default Date.now. */
  clock?: { now(): number };
  unitsPerMinute?: number;
  clientId?: string;
  clientSecret?: string;
  /** Delay before each API answer (once per batch), so concurrency is real. */
  latencyMs?: number;
  /** Answer batch parts last-first (Google may answer them in any order; Content-ID pairs them). */
  reverseBatchAnswers?: boolean;
};

export type GmailFakeStats = {
  /** API calls by endpoint; the calls inside a batch count one by one. */
  requests: Record<string, number>;
  /** Batch requests received (POST /batch/gmail/v1). */
  batches: number;
  /** API calls that arrived inside a batch (also counted in `requests`). */
  batchedCalls: number;
  /** Most calls carried by one accepted batch request. */
  maxBatchParts: number;
  /** 429 answers sent because the quota was exhausted. */
  rateLimited: number;
  /** Highest number of units spent by one user inside any rolling minute. */
  maxUnitsInWindow: number;
  inFlight: number;
  maxInFlight: number;
};

export type GmailFake = {
  /** Base of every endpoint (API root, OAuth and accounts). */
  url: string;
  clientId: string;
  clientSecret: string;
  stats: GmailFakeStats;
  /** Env values that point the app's Google endpoints at this fake. */
  env: Record<string, string>;
  addUser(email: string): { refreshToken: string };
  addMessages(email: string, messages: FakeGmailMessageInput[]): string[];
  currentHistoryId(email: string): number;
  /** Drop all history: any earlier startHistoryId now answers 404. */
  expireHistory(email: string): void;
  /** Delete messages for good: messages.get answers 404, their messageAdded history stays (as Gmail's does). */
  deleteMessages(email: string, ids: string[]): void;
  /** An authorization code the token endpoint will exchange (as after the user consented). */
  issueAuthCode(email: string, redirectUri: string): string;
  isRevoked(refreshToken: string): boolean;
  /**
   * The next `count` API calls answer with this error (e.g. 403 userRateLimitExceeded); calls inside a
   * batch count one by one. With `endpoint` ("messages.get"), only calls to that endpoint.
   */
  failNext(count: number, error: { status: number; reason: string; message?: string; retryAfterSeconds?: number }, endpoint?: string): void;
  /** The next `count` batch requests fail as a whole (the outer answer), before any inner call runs. */
  failNextBatch(count: number, error: { status: number; reason: string; message?: string; retryAfterSeconds?: number }): void;
  /** Forget pending failNext / failNextBatch faults (the provider is healthy again). */
  clearFaults(): void;
  stop(): Promise<void>;
};

const COSTS: Record<string, number> = { profile: 1, "messages.list": 5, "messages.get": 5, "history.list": 2 };
/** Google's cap on calls in one batch request. */
const BATCH_LIMIT = 100;

type Fault = { remaining: number; status: number; reason: string; message?: string; retryAfterSeconds?: number; endpoint?: string };

/** What a handler wrote, for a call that travelled inside a batch: becomes one part of the answer. */
class CapturedResponse {
  status = 200;
  headers: Record<string, string> = {};
  body = "";
  headersSent = false;
  writeHead(status: number, headers: Record<string, string> = {}) {
    this.status = status;
    Object.assign(this.headers, headers);
    this.headersSent = true;
    return this;
  }
  end(body?: string) {
    this.body = body ?? "";
    return this;
  }
}

type InnerRequest = { contentId: string | null; method: string; path: string; headers: Record<string, string> };

function parseHeaderLines(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The calls of a multipart/mixed batch body, or a reason it cannot be read. */
function parseBatchBody(contentType: string, body: string): InnerRequest[] | string {
  const boundary = /^multipart\/mixed\s*;.*?\bboundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return `expected multipart/mixed with a boundary, got ${contentType || "no Content-Type"}`;
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const chunks = body.split(delimiter);
  const closing = chunks.findIndex((c, i) => i > 0 && c.startsWith("--"));
  if (closing === -1) return "the multipart body has no closing delimiter";
  const requests: InnerRequest[] = [];
  for (const chunk of chunks.slice(1, closing)) {
    // The line end before a delimiter belongs to the delimiter.
    const part = chunk.replace(/^[ \t]*\r?\n/, "").replace(/\r?\n$/, "");
    const [outerHead, ...innerParts] = part.split(/\r?\n\r?\n/);
    const outer = parseHeaderLines(outerHead!.split(/\r?\n/));
    if (!/^application\/http\b/i.test(outer["content-type"] ?? "")) return `a part has Content-Type ${outer["content-type"] ?? "(none)"}, not application/http`;
    const [requestLine = "", ...headerLines] = (innerParts[0] ?? "").split(/\r?\n/);
    const line = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/\d\.\d)?\s*$/.exec(requestLine);
    if (!line) return `a part has no request line: ${JSON.stringify(requestLine.slice(0, 60))}`;
    const contentId = outer["content-id"]?.replace(/^<|>$/g, "") ?? null;
    requests.push({ contentId, method: line[1]!, path: line[2]!, headers: parseHeaderLines(headerLines) });
  }
  return requests;
}

/** A subset of Gmail search: after:/before: (epoch seconds or yyyy/mm/dd), in:/-in:, label:. */
function compileQuery(q: string): ((m: StoredMessage) => boolean) | null {
  const tests: ((m: StoredMessage) => boolean)[] = [];
  const toMs = (v: string) => (/^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v.replace(/\//g, "-") + "T00:00:00Z"));
  for (const token of q.split(/\s+/).filter(Boolean)) {
    const m = token.match(/^(-?)(after|before|in|label):(.+)$/i);
    if (!m) return null;
    const [, neg, op, value] = m;
    let test: (msg: StoredMessage) => boolean;
    if (op === "after" || op === "before") {
      const at = toMs(value!);
      if (Number.isNaN(at)) return null;
      test = op === "after" ? (msg) => msg.internalDate > at : (msg) => msg.internalDate < at;
    } else {
      const label = value!.toUpperCase() === "DRAFTS" ? "DRAFT" : value!.toUpperCase() === "CHATS" ? "CHAT" : value!.toUpperCase();
      test = (msg) => msg.labelIds.includes(label);
    }
    tests.push(neg ? (msg) => !test(msg) : test);
  }
  return (msg) => tests.every((t) => t(msg));
}

function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function decodeToken(token: string): { o?: number; q?: string } | null {
  try {
    return JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: number; q?: string };
  } catch {
    return null;
  }
}

export async function startGmailFake(options: GmailFakeOptions = {}): Promise<GmailFake> {
  const clock = options.clock ?? { now: () => Date.now() };
  const unitsPerMinute = options.unitsPerMinute ?? 15_000;
  const clientId = options.clientId ?? "fake-client-id.apps.googleusercontent.com";
  const clientSecret = options.clientSecret ?? "fake-client-secret";
  const users = new Map<string, FakeUser>();
  const identity = createGoogleIdentity({
    clock,
    clientId,
    clientSecret,
    scope: "https://www.googleapis.com/auth/gmail.readonly",
    hasAccount: (email) => users.has(email),
    defaultAccount: () => [...users.keys()][0],
  });
  const faults: Fault[] = [];
  const batchFaults: Fault[] = [];
  const stats: GmailFakeStats = {
    requests: {},
    batches: 0,
    batchedCalls: 0,
    maxBatchParts: 0,
    rateLimited: 0,
    maxUnitsInWindow: 0,
    inFlight: 0,
    maxInFlight: 0,
  };
  let nextId = 0x18c0000000000000n;

  /** Charge `units` to the user's rolling minute; false (and a 429 sent) when over quota. */
  const charge = (user: FakeUser, units: number, res: ServerResponse): boolean => {
    const now = clock.now();
    user.quota = user.quota.filter((e) => e.at > now - 60_000);
    const used = user.quota.reduce((sum, e) => sum + e.units, 0);
    if (used + units > unitsPerMinute) {
      stats.rateLimited++;
      let excess = used + units - unitsPerMinute;
      let freeAt = now + 60_000;
      for (const e of user.quota) {
        excess -= e.units;
        if (excess <= 0) {
          freeAt = e.at + 60_000;
          break;
        }
      }
      const message =
        "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'gmail.googleapis.com' for consumer 'project_number:000000000000'.";
      googleError(res, 429, message, "rateLimitExceeded", {
        statusText: "RESOURCE_EXHAUSTED",
        headers: { "retry-after": String(Math.max(1, Math.ceil((freeAt - now) / 1000))) },
      });
      return false;
    }
    user.quota.push({ at: now, units });
    stats.maxUnitsInWindow = Math.max(stats.maxUnitsInWindow, used + units);
    return true;
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const token = identity.authenticate(req, res);
    if (!token) return;
    const user = users.get(token.email)!;
    const match = url.pathname.match(/^\/gmail\/v1\/users\/([^/]+)\/(profile|messages|history)(?:\/([^/]+))?$/);
    if (!match || (match[1] !== "me" && decodeURIComponent(match[1]!) !== user.email)) {
      googleError(res, 404, "Requested entity was not found.", "notFound", { statusText: "NOT_FOUND" });
      return;
    }
    const endpoint = match[2] === "messages" ? (match[3] ? "messages.get" : "messages.list") : match[2] === "history" ? "history.list" : "profile";
    stats.requests[endpoint] = (stats.requests[endpoint] ?? 0) + 1;
    if (answerFault(faults, res, endpoint)) return;
    if (!charge(user, COSTS[endpoint]!, res)) return;
    const q = url.searchParams;
    const maxResults = (fallback: number) => Math.min(500, Math.max(1, Number(q.get("maxResults") ?? fallback) || fallback));

    if (endpoint === "profile") {
      json(res, 200, {
        emailAddress: user.email,
        messagesTotal: user.messages.length,
        threadsTotal: new Set(user.messages.map((m) => m.threadId)).size,
        historyId: String(user.historyId),
      });
      return;
    }
    if (endpoint === "messages.list") {
      const query = q.get("q") ?? "";
      const filter = compileQuery(query);
      if (!filter) {
        googleError(res, 400, "Invalid query", "invalidArgument", { statusText: "INVALID_ARGUMENT" });
        return;
      }
      const labelIds = q.getAll("labelIds");
      const all = user.messages
        .filter(
          (m) =>
            (q.get("includeSpamTrash") === "true" || !m.labelIds.some((l) => l === "SPAM" || l === "TRASH")) &&
            labelIds.every((l) => m.labelIds.includes(l)) &&
            filter(m),
        )
        .sort((a, b) => b.internalDate - a.internalDate || (a.id < b.id ? 1 : -1));
      let offset = 0;
      if (q.get("pageToken")) {
        const parsed = decodeToken(q.get("pageToken")!);
        if (!parsed || parsed.q !== query) {
          googleError(res, 400, "Invalid pageToken", "invalidArgument", { statusText: "INVALID_ARGUMENT" });
          return;
        }
        offset = parsed.o ?? 0;
      }
      const size = maxResults(100);
      const slice = all.slice(offset, offset + size);
      json(res, 200, {
        ...(slice.length ? { messages: slice.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
        ...(offset + size < all.length ? { nextPageToken: encodeToken({ o: offset + size, q: query }) } : {}),
        resultSizeEstimate: all.length,
      });
      return;
    }
    if (endpoint === "messages.get") {
      const msg = user.messages.find((m) => m.id === match[3]);
      if (!msg) {
        googleError(res, 404, "Requested entity was not found.", "notFound", { statusText: "NOT_FOUND" });
        return;
      }
      const format = q.get("format") ?? "full";
      const wanted = new Set(q.getAll("metadataHeaders").map((h) => h.toLowerCase()));
      const headers = format === "metadata" && wanted.size ? msg.headers.filter((h) => wanted.has(h.name.toLowerCase())) : msg.headers;
      if (format === "minimal") {
        json(res, 200, {
          id: msg.id,
          threadId: msg.threadId,
          labelIds: msg.labelIds,
          snippet: msg.snippet,
          historyId: String(msg.historyId),
          internalDate: String(msg.internalDate),
          sizeEstimate: 2048,
        });
        return;
      }
      json(res, 200, {
        id: msg.id,
        threadId: msg.threadId,
        labelIds: msg.labelIds,
        snippet: msg.snippet,
        payload: { partId: "", mimeType: msg.mimeType, filename: "", headers, body: { size: 0 } },
        sizeEstimate: 2048,
        historyId: String(msg.historyId),
        internalDate: String(msg.internalDate),
      });
      return;
    }
    // history.list
    const start = Number(q.get("startHistoryId"));
    if (!q.get("startHistoryId") || !Number.isFinite(start)) {
      googleError(res, 400, "Invalid startHistoryId", "invalidArgument", { statusText: "INVALID_ARGUMENT" });
      return;
    }
    if (start < user.historyFloor) {
      googleError(res, 404, "Requested entity was not found.", "notFound", { statusText: "NOT_FOUND" });
      return;
    }
    const offset = q.get("pageToken") ? (decodeToken(q.get("pageToken")!)?.o ?? 0) : 0;
    const records = user.history.filter((h) => h.id > start);
    const size = maxResults(100);
    const slice = records.slice(offset, offset + size);
    const ref = (m: StoredMessage) => ({ id: m.id, threadId: m.threadId });
    json(res, 200, {
      ...(slice.length
        ? {
            history: slice.map((h) => ({
              id: String(h.id),
              messages: [ref(h.message)],
              messagesAdded: [{ message: { ...ref(h.message), labelIds: h.message.labelIds } }],
            })),
          }
        : {}),
      ...(offset + size < records.length ? { nextPageToken: encodeToken({ o: offset + size }) } : {}),
      historyId: String(user.historyId),
    });
  };

  /** Answer with the first pending fault of `queue` for this endpoint, if any; true when it did. */
  const answerFault = (queue: Fault[], res: ServerResponse, endpoint?: string): boolean => {
    const at = queue.findIndex((f) => !f.endpoint || f.endpoint === endpoint);
    if (at === -1) return false;
    const fault = queue[at];
    if (--fault!.remaining <= 0) queue.splice(at, 1);
    const headers: Record<string, string> = fault!.retryAfterSeconds !== undefined ? { "retry-after": String(fault!.retryAfterSeconds) } : {};
    googleError(res, fault!.status, fault!.message ?? fault!.reason, fault!.reason, { domain: "usageLimits", headers });
    return true;
  };

  /** POST /batch/gmail/v1: every inner call through handleApi, the answers as one multipart/mixed body. */
  const handleBatch = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    stats.batches++;
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    if (answerFault(batchFaults, res)) return;
    const parsed = parseBatchBody(req.headers["content-type"] ?? "", Buffer.concat(chunks).toString("utf8"));
    if (typeof parsed === "string" || parsed.length === 0) {
      const why = typeof parsed === "string" ? parsed : "0 items";
      googleError(res, 400, `Failed to parse batch request, error: ${why}.`, "badRequest", { statusText: "INVALID_ARGUMENT" });
      return;
    }
    if (parsed.length > BATCH_LIMIT) {
      // Gmail's own words and shape for this one: no "errors" list.
      const message = `Inner request count exceeds the limit. Received: ${parsed.length}, Limit: ${BATCH_LIMIT}`;
      json(res, 400, { error: { code: 400, message, status: "INVALID_ARGUMENT" } });
      return;
    }
    stats.maxBatchParts = Math.max(stats.maxBatchParts, parsed.length);
    stats.batchedCalls += parsed.length;
    const answers: { contentId: string | null; answer: CapturedResponse }[] = [];
    for (const inner of parsed) {
      const answer = new CapturedResponse();
      const url = new URL(inner.path, "http://127.0.0.1");
      // The outer request's headers (Authorization) apply to every inner call that does not set its own.
      const innerReq = { headers: { ...req.headers, ...inner.headers } } as unknown as IncomingMessage;
      const innerRes = answer as unknown as ServerResponse;
      if (inner.method === "GET" && url.pathname.startsWith("/gmail/v1/")) await handleApi(innerReq, innerRes, url);
      else googleError(innerRes, 404, "Not Found", "notFound");
      answers.push({ contentId: inner.contentId, answer });
    }
    if (options.reverseBatchAnswers) answers.reverse();
    // Google's boundaries look like batch_pK7JBAk73-E=_AA5eFwv4m2Q= and are sent unquoted.
    const boundary = `batch_${randomBytes(8).toString("base64url")}=_${randomBytes(8).toString("base64url")}=`;
    const body = answers
      .map(({ contentId, answer }) => {
        const headers = Object.entries({ ...answer.headers, vary: "Origin", "content-length": String(Buffer.byteLength(answer.body)) })
          .map(([name, value]) => `${name.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase())}: ${value}`)
          .join("\r\n");
        return `--${boundary}\r\nContent-Type: application/http\r\nContent-ID: <response-${contentId ?? ""}>\r\n\r\nHTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ""}\r\n${headers}\r\n\r\n${answer.body}\r\n`;
      })
      .join("");
    res.writeHead(200, { "content-type": `multipart/mixed; boundary=${boundary}` });
    res.end(`${body}--${boundary}--\r\n`);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.on("close", () => stats.inFlight--);
    const route = async () => {
      if (await identity.handle(req, res, url)) return;
      if (req.method === "GET" && url.pathname.startsWith("/gmail/v1/")) {
        if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
        return handleApi(req, res, url);
      }
      if (req.method === "POST" && url.pathname === "/batch/gmail/v1") return handleBatch(req, res);
      googleError(res, 404, "Not Found", "notFound");
    };
    route().catch((err: unknown) => {
      if (!res.headersSent) googleError(res, 500, `Internal error: ${(err as Error).message}`, "backendError");
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const api: GmailFake = {
    url: base,
    clientId,
    clientSecret,
    stats,
    env: {
      GMAIL_API_BASE_URL: base,
      GOOGLE_OAUTH_BASE_URL: base,
      GOOGLE_ACCOUNTS_BASE_URL: base,
      GMAIL_CLIENT_ID: clientId,
      GMAIL_CLIENT_SECRET: clientSecret,
    },
    addUser(email) {
      if (!users.has(email)) users.set(email, { email, messages: [], history: [], historyId: 1000, historyFloor: 1000, quota: [] });
      return { refreshToken: identity.addRefreshToken(email) };
    },
    addMessages(email, inputs) {
      const user = users.get(email);
      if (!user) throw new Error(`no fake user ${email}`);
      return inputs.map((input) => {
        const id = (nextId++).toString(16);
        user.historyId++;
        const headers: { name: string; value: string }[] = [
          { name: "Delivered-To", value: user.email },
          { name: "From", value: input.from },
          { name: "To", value: input.to ?? user.email },
          { name: "Subject", value: input.subject },
          { name: "Date", value: new Date(input.date).toUTCString().replace("GMT", "+0000") },
          { name: "Message-ID", value: `<${id}@fake.mail>` },
          ...Object.entries(input.headers ?? {}).map(([name, value]) => ({ name, value })),
        ];
        const msg: StoredMessage = {
          id,
          threadId: input.threadId ?? id,
          labelIds: input.labelIds ?? ["INBOX", "UNREAD"],
          snippet: input.snippet ?? "",
          historyId: user.historyId,
          internalDate: input.date,
          mimeType: input.mimeType ?? "text/plain",
          headers,
        };
        user.messages.push(msg);
        user.history.push({ id: user.historyId, message: msg });
        return id;
      });
    },
    currentHistoryId: (email) => users.get(email)!.historyId,
    expireHistory(email) {
      const user = users.get(email)!;
      user.history = [];
      user.historyFloor = user.historyId;
    },
    deleteMessages(email, ids) {
      const user = users.get(email)!;
      const gone = new Set(ids);
      user.messages = user.messages.filter((m) => !gone.has(m.id));
    },
    issueAuthCode: (email, redirectUri) => identity.issueAuthCode(email, redirectUri),
    isRevoked: (refreshToken) => identity.isRevoked(refreshToken),
    failNext(count, error, endpoint) {
      faults.push({ remaining: count, ...error, endpoint });
    },
    failNextBatch(count, error) {
      batchFaults.push({ remaining: count, ...error });
    },
    clearFaults() {
      faults.length = 0;
      batchFaults.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}
