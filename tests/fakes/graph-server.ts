import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback Microsoft Graph v1.0 (mail subset and /me/calendarView) plus the Microsoft identity platform token and
 * authorize endpoints, speaking the shapes @microsoft/microsoft-graph-client sees from
 * graph.microsoft.com and login.microsoftonline.com: paging by @odata.nextLink, delta rounds ending
 * in @odata.deltaLink, 410 SyncStateNotFound for a forgotten delta token, 429 + Retry-After.
 * Mail folders form a tree under msgfolderroot (the well-known ones made up front); a message's id
 * changes when it moves to another folder unless the request says Prefer: IdType="ImmutableId";
 * Prefer: odata.maxpagesize sets the page size of message listings and delta rounds.
 */
export type FakeGraphMessageInput = {
  fromName?: string;
  fromAddress: string;
  subject: string;
  receivedAt: number;
  to?: string[];
  /** A well-known folder name ("inbox", "sentitems", "junkemail"...) or a folder id; inbox by default. */
  folder?: string;
  /** "#microsoft.graph.eventMessageRequest" for meeting invitations. */
  odataType?: string;
  conversationId?: string;
};

/** A calendar event; `recurrence` makes a series that /me/calendarView expands into occurrences. */
export type FakeGraphEventInput = {
  subject: string;
  /** ISO instants (UTC). */
  start: string;
  end: string;
  isAllDay?: boolean;
  organizer?: string;
  attendees?: { address: string; type?: "required" | "optional" | "resource"; response?: string }[];
  /** The mailbox owner's answer: accepted, declined, tentativelyAccepted, notResponded, organizer. */
  response?: string;
  isCancelled?: boolean;
  showAs?: "free" | "tentative" | "busy" | "oof";
  location?: string;
  onlineMeetingUrl?: string;
  recurrence?: { type: "daily" | "weekly"; interval?: number; count: number };
};

/** `restId` is the default id (new on every move), `immutableId` the one asked for by Prefer: IdType="ImmutableId". */
type StoredMessage = FakeGraphMessageInput & {
  immutableId: string;
  restId: string;
  folderId: string;
  seq: number;
  enteredSeq: number;
  deleted: boolean;
  isRead: boolean;
};
type StoredFolder = { id: string; displayName: string; parentId: string | null; wellKnown?: string };
type DeltaState = { folder: string; select: string[]; changeType: string | null; filterFrom: number | null; watermark: number };
type SkipState = { delta: DeltaState; items: { id: string; removed: boolean }[]; offset: number; watermark: number };

export type GraphFakeOptions = {
  clock?: { now(): number };
  clientId?: string;
  clientSecret?: string;
  /** Delay before each Graph answer (real time) so that concurrent requests overlap. */
  latencyMs?: number;
  /** Concurrent requests per mailbox before answering 429 MailboxConcurrency (Graph: 4). */
  maxConcurrency?: number;
};

export type GraphFakeStats = {
  requests: number;
  inFlight: number;
  maxInFlight: number;
  throttled: number;
  /** Requests that came back before the Retry-After we gave had passed. */
  earlyRetries: number;
  paths: string[];
  /** Every Graph request with its Prefer header ("" when none). */
  log: { path: string; prefer: string }[];
  /** The Prefer header of the last /me/calendarView request. */
  lastCalendarPrefer: string | null;
};

export type GraphFake = {
  /** Graph base (GRAPH_API_BASE_URL) and login base (MICROSOFT_LOGIN_BASE_URL): one server. */
  url: string;
  clientId: string;
  clientSecret: string;
  stats: GraphFakeStats;
  env: Record<string, string>;
  /** The mailbox owner; returns a refresh token for it. One mailbox per fake. */
  setUser(user: { mail: string; displayName: string }): { refreshToken: string };
  /** Returns the messages' immutable ids. */
  addMessages(messages: FakeGraphMessageInput[]): string[];
  /** A mail folder under `parent` (a well-known name or folder id; top level by default); returns its id. */
  addFolder(displayName: string, parent?: string): string;
  /** Delete a folder for good, with its subfolders and their mail. */
  deleteFolder(folder: string): void;
  /** The id of a folder by well-known name. */
  folderId(folder: string): string;
  /** Move a message (by either id) to another folder: its default id changes, its immutable id does not. */
  moveMessage(id: string, folder: string): void;
  /** Events on the mailbox owner's calendar; returns the event (series master) ids. */
  addEvents(events: FakeGraphEventInput[]): string[];
  markRead(id: string): void;
  deleteMessage(id: string): void;
  /** Forget every delta and skip token: their next use answers 410 SyncStateNotFound. */
  expireDeltaTokens(): void;
  /** The next `count` Graph requests answer 429 with this Retry-After. */
  throttleNext(count: number, retryAfterSeconds: number): void;
  issueAuthCode(redirectUri: string): string;
  /** Refresh tokens redeemed so far (rotation: each is valid once). */
  refreshTokenUses: number;
  stop(): Promise<void>;
};

const PREFER_DEFAULT_DELTA = 10;
/** Graph's bound on a page of messages. */
const MAX_PAGE_SIZE = 1000;
/** Made with every mailbox, all under msgfolderroot; syncissues holds three more. */
const WELL_KNOWN_FOLDERS: [string, string][] = [
  ["inbox", "Inbox"],
  ["drafts", "Drafts"],
  ["sentitems", "Sent Items"],
  ["deleteditems", "Deleted Items"],
  ["junkemail", "Junk Email"],
  ["outbox", "Outbox"],
  ["archive", "Archive"],
  ["conversationhistory", "Conversation History"],
  ["syncissues", "Sync Issues"],
];
const SYNC_ISSUES_CHILDREN: [string, string][] = [
  ["conflicts", "Conflicts"],
  ["localfailures", "Local Failures"],
  ["serverfailures", "Server Failures"],
];

const newFolderId = () => `AAMkADfld${randomBytes(24).toString("base64url")}AAA=`;

function graphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(
    JSON.stringify({
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString(), "request-id": randomBytes(8).toString("hex"), "client-request-id": randomBytes(8).toString("hex") },
      },
    }),
  );
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json; odata.metadata=minimal", ...headers });
  res.end(JSON.stringify(body));
}

/** Supports what the provider sends: receivedDateTime ge|gt <ISO>. */
function parseFilter(filter: string | null): number | null | "invalid" {
  if (!filter) return null;
  const m = filter.trim().match(/^receivedDateTime\s+(ge|gt)\s+(\S+)$/i);
  if (!m) return "invalid";
  const at = Date.parse(m[2]!);
  if (Number.isNaN(at)) return "invalid";
  return m[1]!.toLowerCase() === "gt" ? at + 1 : at;
}

export async function startGraphFake(options: GraphFakeOptions = {}): Promise<GraphFake> {
  const clock = options.clock ?? { now: () => Date.now() };
  const clientId = options.clientId ?? "00000000-fake-4000-8000-000000000001";
  const clientSecret = options.clientSecret ?? "fake~secret";
  const maxConcurrency = options.maxConcurrency ?? 4;
  let user: { mail: string; displayName: string; id: string } | null = null;
  const messages: StoredMessage[] = [];
  const rootId = newFolderId();
  const folders: StoredFolder[] = [];
  const makeFolder = (displayName: string, parentId: string, wellKnown?: string) => {
    const folder: StoredFolder = { id: newFolderId(), displayName, parentId, wellKnown };
    folders.push(folder);
    return folder.id;
  };
  for (const [name, display] of WELL_KNOWN_FOLDERS) makeFolder(display, rootId, name);
  const syncIssuesId = folders.find((f) => f.wellKnown === "syncissues")!.id;
  for (const [name, display] of SYNC_ISSUES_CHILDREN) makeFolder(display, syncIssuesId, name);
  /** A folder by id or well-known name (msgfolderroot included); null when there is none. */
  const findFolder = (ref: string): StoredFolder | null => {
    if (ref.toLowerCase() === "msgfolderroot" || ref === rootId)
      return { id: rootId, displayName: "Top of Information Store", parentId: null, wellKnown: "msgfolderroot" };
    return folders.find((f) => f.id === ref || f.wellKnown === ref.toLowerCase()) ?? null;
  };
  const folderOrThrow = (ref: string) => {
    const folder = findFolder(ref);
    if (!folder) throw new Error(`fake graph: no folder ${ref}`);
    return folder;
  };
  const findMessage = (id: string) => {
    const m = messages.find((x) => x.immutableId === id || x.restId === id);
    if (!m) throw new Error(`fake graph: no message ${id}`);
    return m;
  };
  const newRestId = () => `AAMkAD${randomBytes(30).toString("base64url")}=`;
  const events: (FakeGraphEventInput & { id: string })[] = [];
  const refreshTokens = new Set<string>();
  const accessTokens = new Map<string, number>();
  const authCodes = new Map<string, string>();
  const deltaTokens = new Map<string, DeltaState>();
  const skipTokens = new Map<string, SkipState>();
  const stats: GraphFakeStats = { requests: 0, inFlight: 0, maxInFlight: 0, throttled: 0, earlyRetries: 0, paths: [], log: [], lastCalendarPrefer: null };
  let seq = 0;
  let throttleRemaining = 0;
  let throttleSeconds = 0;
  let throttledUntil = 0;
  let base = "";

  const newRefreshToken = () => {
    const token = `M.C1_fake.${randomBytes(24).toString("base64url")}`;
    refreshTokens.add(token);
    return token;
  };

  const tokenResponse = (res: ServerResponse, scope: string) => {
    const access = `eyJ0eXAiOiJKV1QifQ.fake.${randomBytes(16).toString("base64url")}`;
    accessTokens.set(access, clock.now() + 3600_000);
    json(res, 200, { token_type: "Bearer", scope, expires_in: 3599, ext_expires_in: 3599, access_token: access, refresh_token: newRefreshToken() });
  };

  const identityError = (res: ServerResponse, status: number, error: string, aadsts: string) => {
    json(res, status, {
      error,
      error_description: `${aadsts}\r\nTrace ID: ${randomBytes(8).toString("hex")}`,
      error_codes: [Number(aadsts.match(/AADSTS(\d+)/)?.[1] ?? 0)],
      timestamp: new Date().toISOString(),
    });
  };

  const handleToken = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    if (form.get("client_id") !== clientId) {
      identityError(res, 400, "unauthorized_client", "AADSTS700016: Application was not found in the directory.");
      return;
    }
    if (form.get("client_secret") !== clientSecret) {
      identityError(res, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
      return;
    }
    const scope = form.get("scope") ?? "";
    if (form.get("grant_type") === "refresh_token") {
      const rt = form.get("refresh_token") ?? "";
      if (!refreshTokens.has(rt)) {
        identityError(res, 400, "invalid_grant", "AADSTS70000: The provided value for the 'refresh_token' is not valid.");
        return;
      }
      // Rotation: the old refresh token is spent.
      refreshTokens.delete(rt);
      api.refreshTokenUses++;
      tokenResponse(res, scope);
      return;
    }
    if (form.get("grant_type") === "authorization_code") {
      const code = form.get("code") ?? "";
      const redirect = authCodes.get(code);
      authCodes.delete(code);
      if (!redirect) {
        identityError(res, 400, "invalid_grant", "AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.");
        return;
      }
      if (redirect !== form.get("redirect_uri")) {
        identityError(res, 400, "invalid_grant", "AADSTS50148: The redirect_uri does not match.");
        return;
      }
      tokenResponse(res, scope);
      return;
    }
    identityError(res, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
  };

  const handleAuthorize = (res: ServerResponse, url: URL) => {
    const redirectUri = url.searchParams.get("redirect_uri");
    if (url.searchParams.get("client_id") !== clientId || !redirectUri || url.searchParams.get("response_type") !== "code") {
      res.writeHead(400, { "content-type": "text/html" });
      return res.end("AADSTS900144: The request body must contain the following parameter");
    }
    const target = new URL(redirectUri);
    target.searchParams.set("code", api.issueAuthCode(redirectUri));
    if (url.searchParams.has("state")) target.searchParams.set("state", url.searchParams.get("state")!);
    res.writeHead(302, { location: target.toString() });
    res.end();
  };

  const project = (m: StoredMessage, select: string[], immutable: boolean) => {
    const full: Record<string, unknown> = {
      "@odata.etag": `W/"CQAAABYAAA${m.seq}"`,
      id: immutable ? m.immutableId : m.restId,
      conversationId: m.conversationId ?? `AAQkAD${m.immutableId.slice(-12)}`,
      subject: m.subject,
      receivedDateTime: new Date(m.receivedAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
      from: { emailAddress: { name: m.fromName ?? m.fromAddress, address: m.fromAddress } },
      sender: { emailAddress: { name: m.fromName ?? m.fromAddress, address: m.fromAddress } },
      toRecipients: (m.to ?? [user?.mail ?? ""]).map((a) => ({ emailAddress: { name: a, address: a } })),
      replyTo: [],
      isDraft: m.folderId === findFolder("drafts")!.id,
      parentFolderId: m.folderId,
      isRead: m.isRead,
      inferenceClassification: "focused",
    };
    const out: Record<string, unknown> = m.odataType ? { "@odata.type": m.odataType } : {};
    for (const key of ["@odata.etag", "id", ...(select.length ? select : Object.keys(full))]) if (key in full) out[key] = full[key];
    return out;
  };

  const nextSkipLink = (path: string, state: SkipState) => {
    const token = randomBytes(12).toString("base64url");
    skipTokens.set(token, state);
    return `${base}/v1.0/${path}?$skiptoken=${token}`;
  };

  const deltaPage = (res: ServerResponse, path: string, state: SkipState, pageSize: number, immutable: boolean) => {
    const slice = state.items.slice(state.offset, state.offset + pageSize);
    const body: Record<string, unknown> = {
      "@odata.context": `${base}/v1.0/$metadata#Collection(message)`,
      value: slice.map((item) => {
        const m = findMessage(item.id);
        return item.removed
          ? { "@odata.type": "#microsoft.graph.message", id: immutable ? m.immutableId : m.restId, "@removed": { reason: "deleted" } }
          : project(m, state.delta.select, immutable);
      }),
    };
    if (state.offset + pageSize < state.items.length) {
      body["@odata.nextLink"] = nextSkipLink(path, { ...state, offset: state.offset + pageSize });
    } else {
      const token = randomBytes(16).toString("base64url");
      deltaTokens.set(token, { ...state.delta, watermark: state.watermark });
      body["@odata.deltaLink"] = `${base}/v1.0/${path}?$deltatoken=${token}`;
    }
    json(res, 200, body, { "preference-applied": [`odata.maxpagesize=${pageSize}`, ...(immutable ? ['IdType="ImmutableId"'] : [])].join(", ") });
  };

  const folderBody = (f: StoredFolder, select: string[]) => {
    const full: Record<string, unknown> = {
      id: f.id,
      displayName: f.displayName,
      parentFolderId: f.parentId,
      childFolderCount: folders.filter((c) => c.parentId === f.id).length,
      unreadItemCount: messages.filter((m) => m.folderId === f.id && !m.deleted && !m.isRead).length,
      totalItemCount: messages.filter((m) => m.folderId === f.id && !m.deleted).length,
      isHidden: false,
    };
    const out: Record<string, unknown> = {};
    for (const key of ["id", ...(select.length ? select : Object.keys(full))]) if (key in full) out[key] = full[key];
    return out;
  };

  /** /me/mailFolders and .../childFolders: one level, paged by $top (default 10) and $skip. */
  const folderList = (res: ServerResponse, path: string, q: URLSearchParams, parentId: string, select: string[]) => {
    const all = folders.filter((f) => f.parentId === parentId);
    const top = Math.max(1, Number(q.get("$top") ?? 10) || 10);
    const skip = Math.max(0, Number(q.get("$skip") ?? 0) || 0);
    const body: Record<string, unknown> = {
      "@odata.context": `${base}/v1.0/$metadata#users('${user!.id}')/mailFolders`,
      value: all.slice(skip, skip + top).map((f) => folderBody(f, select)),
    };
    if (skip + top < all.length) {
      const next = new URLSearchParams(q);
      next.set("$skip", String(skip + top));
      body["@odata.nextLink"] = `${base}/v1.0/${path}?${next.toString().replace(/\+/g, "%20")}`;
    }
    json(res, 200, body);
  };

  /** /me/calendarView: occurrences overlapping [startDateTime, endDateTime), series expanded, paged by $skip. */
  const calendarView = (req: IncomingMessage, res: ServerResponse, q: URLSearchParams, select: string[]) => {
    const from = Date.parse(q.get("startDateTime") ?? q.get("StartDateTime") ?? "");
    const to = Date.parse(q.get("endDateTime") ?? q.get("EndDateTime") ?? "");
    if (Number.isNaN(from) || Number.isNaN(to)) {
      graphError(
        res,
        400,
        "ErrorInvalidParameter",
        "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
      );
      return;
    }
    const prefer = String(req.headers.prefer ?? "");
    stats.lastCalendarPrefer = prefer;
    const zone = prefer.match(/outlook\.timezone="([^"]+)"/)?.[1] ?? "UTC";
    if (zone !== "UTC") {
      graphError(res, 400, "ErrorTimeZoneNotSupported", "This fake answers in UTC only.");
      return;
    }
    const maxPage = prefer.match(/odata\.maxpagesize=(\d+)/);
    const top = Math.max(1, Number(q.get("$top") ?? (maxPage ? maxPage[1] : 10)));
    const skip = Math.max(0, Number(q.get("$skip") ?? 0) || 0);
    const graphTime = (at: number) => ({
      dateTime: new Date(at)
        .toISOString()
        .replace("Z", "")
        .replace(/\.(\d{3})$/, ".$10000"),
      timeZone: "UTC",
    });
    const instances: { at: number; body: Record<string, unknown> }[] = [];
    for (const e of events) {
      const start = Date.parse(e.start);
      const duration = Date.parse(e.end) - start;
      const step = e.recurrence ? (e.recurrence.type === "daily" ? 1 : 7) * 86_400_000 * (e.recurrence.interval ?? 1) : 0;
      const count = e.recurrence?.count ?? 1;
      for (let i = 0; i < count; i++) {
        const at = start + i * step;
        if (!(at < to && at + duration > from)) continue;
        const organizer = e.organizer ?? user!.mail;
        const full: Record<string, unknown> = {
          id: e.recurrence ? `${e.id}_occ${i}` : e.id,
          subject: e.subject,
          start: graphTime(at),
          end: graphTime(at + duration),
          isAllDay: e.isAllDay ?? false,
          isCancelled: e.isCancelled ?? false,
          showAs: e.showAs ?? "busy",
          type: e.recurrence ? "occurrence" : "singleInstance",
          ...(e.recurrence ? { seriesMasterId: e.id } : {}),
          location: { displayName: e.location ?? "", locationType: "default" },
          onlineMeeting: e.onlineMeetingUrl ? { joinUrl: e.onlineMeetingUrl } : null,
          onlineMeetingUrl: null,
          isOrganizer: organizer === user!.mail,
          organizer: { emailAddress: { name: organizer, address: organizer } },
          attendees: (e.attendees ?? []).map((a) => ({
            type: a.type ?? "required",
            status: { response: a.response ?? "none", time: "0001-01-01T00:00:00Z" },
            emailAddress: { name: a.address, address: a.address },
          })),
          responseStatus: { response: e.response ?? (organizer === user!.mail ? "organizer" : "notResponded"), time: "0001-01-01T00:00:00Z" },
        };
        const body: Record<string, unknown> = { "@odata.etag": `W/"DwAAABYAAA${i}"` };
        for (const key of ["id", ...(select.length ? select : Object.keys(full))]) if (key in full) body[key] = full[key];
        instances.push({ at, body });
      }
    }
    instances.sort((a, b) => a.at - b.at);
    const page = instances.slice(skip, skip + top);
    const out: Record<string, unknown> = { "@odata.context": `${base}/v1.0/$metadata#users('${user!.id}')/calendarView`, value: page.map((p) => p.body) };
    if (skip + top < instances.length) {
      const next = new URLSearchParams(q);
      next.set("$skip", String(skip + top));
      out["@odata.nextLink"] = `${base}/v1.0/me/calendarView?${next.toString().replace(/\+/g, "%20")}`;
    }
    json(res, 200, out, { "preference-applied": `outlook.timezone="${zone}"` });
  };

  const handleGraph = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const token = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    const expiry = accessTokens.get(token);
    if (!token) {
      graphError(res, 401, "InvalidAuthenticationToken", "Access token is empty.");
      return;
    }
    if (!expiry || expiry <= clock.now()) {
      graphError(res, 401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.");
      return;
    }
    if (!user) {
      graphError(res, 404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
      return;
    }
    const path = url.pathname.replace(/^\/v1\.0\//, "");
    const q = url.searchParams;
    const select = (q.get("$select") ?? "").split(",").filter(Boolean);

    if (path === "me") {
      json(res, 200, {
        "@odata.context": `${base}/v1.0/$metadata#users/$entity`,
        id: user.id,
        displayName: user.displayName,
        mail: user.mail,
        userPrincipalName: user.mail,
      });
      return;
    }
    const prefer = String(req.headers.prefer ?? "");
    const immutable = /IdType="ImmutableId"/i.test(prefer);
    const maxPage = prefer.match(/odata\.maxpagesize=(\d+)/);
    if (path === "me/messages") {
      const from = parseFilter(q.get("$filter"));
      if (from === "invalid") {
        graphError(res, 400, "ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.");
        return;
      }
      const orderby = (q.get("$orderby") ?? "").trim().toLowerCase();
      if (orderby && orderby !== "receiveddatetime desc") {
        graphError(res, 400, "ErrorInvalidProperty", "Unsupported $orderby in this fake.");
        return;
      }
      const all = messages.filter((m) => !m.deleted && (from === null || m.receivedAt >= from)).sort((a, b) => b.receivedAt - a.receivedAt || b.seq - a.seq);
      // $top sets the page size (1-1000, default 10); a smaller odata.maxpagesize bounds it further.
      const top = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(q.get("$top") ?? 10) || 10));
      const pageSize = maxPage ? Math.min(top, Math.max(1, Number(maxPage[1]))) : top;
      const skip = Math.max(0, Number(q.get("$skip") ?? 0) || 0);
      const slice = all.slice(skip, skip + pageSize);
      const body: Record<string, unknown> = {
        "@odata.context": `${base}/v1.0/$metadata#users('${user.id}')/messages`,
        value: slice.map((m) => project(m, select, immutable)),
      };
      if (q.get("$count") === "true") body["@odata.count"] = all.length;
      if (skip + pageSize < all.length) {
        const next = new URLSearchParams(q);
        next.set("$skip", String(skip + pageSize));
        next.delete("$count");
        body["@odata.nextLink"] = `${base}/v1.0/me/messages?${next.toString().replace(/\+/g, "%20")}`;
      }
      const applied = [...(maxPage ? [`odata.maxpagesize=${pageSize}`] : []), ...(immutable ? ['IdType="ImmutableId"'] : [])];
      json(res, 200, body, applied.length ? { "preference-applied": applied.join(", ") } : {});
      return;
    }
    if (path.toLowerCase() === "me/calendarview") {
      calendarView(req, res, q, select);
      return;
    }
    if (path === "me/mailFolders") {
      folderList(res, path, q, rootId, select);
      return;
    }
    const folderPath = path.match(/^me\/mailFolders\/([^/]+)(\/childFolders)?$/i);
    if (folderPath) {
      const folder = findFolder(decodeURIComponent(folderPath[1]!));
      if (!folder) {
        graphError(res, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
        return;
      }
      if (folderPath[2]) folderList(res, path, q, folder.id, select);
      else json(res, 200, { "@odata.context": `${base}/v1.0/$metadata#users('${user.id}')/mailFolders/$entity`, ...folderBody(folder, select) });
      return;
    }
    const delta = path.match(/^me\/mailFolders\/([^/]+)\/messages\/delta$/i);
    if (delta) {
      const folder = findFolder(decodeURIComponent(delta[1]!));
      if (!folder) {
        graphError(res, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
        return;
      }
      const pageSize = maxPage ? Math.min(MAX_PAGE_SIZE, Math.max(1, Number(maxPage[1]))) : PREFER_DEFAULT_DELTA;
      if (q.has("$skiptoken")) {
        const state = skipTokens.get(q.get("$skiptoken")!);
        if (!state) {
          graphError(res, 410, "SyncStateNotFound", "The sync state generation is not found.");
          return;
        }
        deltaPage(res, path, state, pageSize, immutable);
        return;
      }
      let previous: DeltaState | null = null;
      if (q.has("$deltatoken")) {
        previous = deltaTokens.get(q.get("$deltatoken")!) ?? null;
        if (!previous) {
          graphError(res, 410, "SyncStateNotFound", "The sync state generation is not found.");
          return;
        }
      }
      const from = previous ? previous.filterFrom : parseFilter(q.get("$filter"));
      if (from === "invalid") {
        graphError(res, 400, "ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.");
        return;
      }
      const state: DeltaState = previous ?? { folder: folder.id, select, changeType: q.get("changeType"), filterFrom: from, watermark: 0 };
      const inFolder = messages.filter((m) => m.folderId === state.folder && (state.filterFrom === null || m.receivedAt >= state.filterFrom));
      let items: { id: string; removed: boolean }[];
      if (!previous) {
        items = inFolder
          .filter((m) => !m.deleted)
          .sort((a, b) => b.receivedAt - a.receivedAt)
          .map((m) => ({ id: m.immutableId, removed: false }));
      } else {
        const changed = inFolder.filter((m) => m.seq > previous.watermark).sort((a, b) => a.seq - b.seq);
        items = changed
          .filter((m) => {
            // A message moved in is new to this folder.
            const kind = m.deleted ? "deleted" : m.enteredSeq > previous.watermark ? "created" : "updated";
            return !state.changeType || state.changeType === kind;
          })
          .map((m) => ({ id: m.immutableId, removed: m.deleted }));
      }
      deltaPage(res, path, { delta: state, items, offset: 0, watermark: seq }, pageSize, immutable);
      return;
    }
    graphError(res, 400, "BadRequest", `Resource not found for the segment '${path.split("/").pop()}'.`);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "POST" && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) {
      handleToken(req, res).catch(() => identityError(res, 500, "server_error", "AADSTS90000: fake failure"));
      return;
    }
    if (req.method === "GET" && /^\/[^/]+\/oauth2\/v2\.0\/authorize$/.test(url.pathname)) return handleAuthorize(res, url);
    if (!url.pathname.startsWith("/v1.0/")) {
      graphError(res, 404, "NotFound", "Not found");
      return;
    }
    stats.requests++;
    stats.paths.push(`${url.pathname}${url.search}`);
    stats.log.push({ path: `${url.pathname}${url.search}`, prefer: String(req.headers.prefer ?? "") });
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        stats.inFlight--;
      }
    };
    res.on("finish", finish);
    res.on("close", finish);
    const answer = () => {
      if (clock.now() < throttledUntil) {
        stats.earlyRetries++;
        stats.throttled++;
        graphError(res, 429, "TooManyRequests", "Too many requests.", { "retry-after": String(Math.ceil((throttledUntil - clock.now()) / 1000)) });
        return;
      }
      if (throttleRemaining > 0) {
        throttleRemaining--;
        stats.throttled++;
        throttledUntil = clock.now() + throttleSeconds * 1000;
        graphError(res, 429, "TooManyRequests", "Too many requests.", { "retry-after": String(throttleSeconds) });
        return;
      }
      if (stats.inFlight > maxConcurrency) {
        stats.throttled++;
        graphError(res, 429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", { "retry-after": "1" });
        return;
      }
      handleGraph(req, res, url);
    };
    if (options.latencyMs) setTimeout(answer, options.latencyMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: GraphFake = {
    url: base,
    clientId,
    clientSecret,
    stats,
    env: { GRAPH_API_BASE_URL: base, MICROSOFT_LOGIN_BASE_URL: base, OUTLOOK_CLIENT_ID: clientId, OUTLOOK_CLIENT_SECRET: clientSecret },
    refreshTokenUses: 0,
    setUser(u) {
      user = { ...u, id: randomBytes(16).toString("hex") };
      return { refreshToken: newRefreshToken() };
    },
    addMessages(inputs) {
      return inputs.map((input) => {
        const folderId = folderOrThrow(input.folder ?? "inbox").id;
        seq++;
        const immutableId = `AAkALgAA${randomBytes(30).toString("base64url")}=`;
        messages.push({ ...input, immutableId, restId: newRestId(), folderId, seq, enteredSeq: seq, deleted: false, isRead: false });
        return immutableId;
      });
    },
    addFolder(displayName, parent) {
      return makeFolder(displayName, parent ? folderOrThrow(parent).id : rootId);
    },
    deleteFolder(ref) {
      const gone = new Set([folderOrThrow(ref).id]);
      for (let added = true; added;) {
        added = false;
        for (const f of folders) {
          if (f.parentId && gone.has(f.parentId) && !gone.has(f.id)) {
            gone.add(f.id);
            added = true;
          }
        }
      }
      for (let i = folders.length - 1; i >= 0; i--) if (gone.has(folders[i]!.id)) folders.splice(i, 1);
      for (const m of messages) {
        if (gone.has(m.folderId) && !m.deleted) {
          m.deleted = true;
          m.seq = ++seq;
        }
      }
    },
    folderId(ref) {
      return folderOrThrow(ref).id;
    },
    moveMessage(id, ref) {
      const m = findMessage(id);
      m.folderId = folderOrThrow(ref).id;
      m.restId = newRestId();
      m.seq = ++seq;
      m.enteredSeq = m.seq;
    },
    addEvents(inputs) {
      return inputs.map((input) => {
        const id = `AAMkADevt${randomBytes(20).toString("base64url")}=`;
        events.push({ ...input, id });
        return id;
      });
    },
    markRead(id) {
      const m = findMessage(id);
      m.isRead = true;
      m.seq = ++seq;
    },
    deleteMessage(id) {
      const m = findMessage(id);
      m.deleted = true;
      m.seq = ++seq;
    },
    expireDeltaTokens() {
      deltaTokens.clear();
      skipTokens.clear();
    },
    throttleNext(count, retryAfterSeconds) {
      throttleRemaining = count;
      throttleSeconds = retryAfterSeconds;
    },
    issueAuthCode(redirectUri) {
      const code = `M.C5_fake.${randomBytes(16).toString("base64url")}`;
      authCodes.set(code, redirectUri);
      return code;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}
