import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createGoogleIdentity, googleError, json } from "./google-identity";

/**
 * A loopback Google Calendar API v3 (calendars.get, events.list) plus Google's identity endpoints,
 * speaking the REST shapes @googleapis/calendar sees from www.googleapis.com: singleEvents expansion
 * of weekly/daily series into instances, orderBy=startTime (only with singleEvents, as Google
 * insists), timeMin/timeMax, pageToken/nextPageToken paging, and 401/403/429 errors.
 */
export type FakeCalendarEventInput = {
  summary: string;
  /** ISO date-time, or a date ("2026-03-05") for an all-day event. */
  start: string;
  end: string;
  organizer?: string;
  attendees?: { email: string; responseStatus?: "accepted" | "declined" | "tentative" | "needsAction"; resource?: boolean }[];
  status?: "confirmed" | "tentative" | "cancelled";
  location?: string;
  description?: string;
  hangoutLink?: string;
  /** "RRULE:FREQ=WEEKLY;COUNT=4" (DAILY or WEEKLY, with COUNT and optional INTERVAL: what the fake expands). */
  recurrence?: string;
};

type StoredEvent = FakeCalendarEventInput & { id: string; created: string };

export type GoogleCalendarFake = {
  url: string;
  clientId: string;
  clientSecret: string;
  env: Record<string, string>;
  stats: { requests: Record<string, number>; lastQuery: URLSearchParams | null };
  /** An account with a primary calendar; returns a refresh token for it. */
  addUser(email: string): { refreshToken: string };
  addEvents(email: string, events: FakeCalendarEventInput[]): string[];
  issueAuthCode(email: string, redirectUri: string): string;
  isRevoked(refreshToken: string): boolean;
  /** The next `count` API calls answer with this error. */
  failNext(count: number, error: { status: number; reason: string; message?: string; retryAfterSeconds?: number }): void;
  /** Forget pending failNext faults (Google is healthy again). */
  clearFaults(): void;
  stop(): Promise<void>;
};

const DAY = 86_400_000;

function parseRule(rule: string): { freq: "DAILY" | "WEEKLY"; count: number; interval: number } | null {
  const m = rule.match(/^RRULE:(.+)$/);
  if (!m) return null;
  const parts = Object.fromEntries(m[1]!.split(";").map((p) => p.split("=") as [string, string]));
  if ((parts.FREQ !== "DAILY" && parts.FREQ !== "WEEKLY") || !parts.COUNT) return null;
  return { freq: parts.FREQ, count: Number(parts.COUNT), interval: Number(parts.INTERVAL ?? 1) };
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
const ms = (v: string) => (isDate(v) ? Date.parse(`${v}T00:00:00Z`) : Date.parse(v));
const compact = (at: number) =>
  new Date(at)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export async function startGoogleCalendarFake(
  options: { clock?: { now(): number }; clientId?: string; clientSecret?: string } = {},
): Promise<GoogleCalendarFake> {
  const clock = options.clock ?? { now: () => Date.now() };
  const clientId = options.clientId ?? "fake-calendar-client.apps.googleusercontent.com";
  const clientSecret = options.clientSecret ?? "fake-calendar-secret";
  const calendars = new Map<string, StoredEvent[]>();
  const faults: { remaining: number; status: number; reason: string; message?: string; retryAfterSeconds?: number }[] = [];
  const stats: GoogleCalendarFake["stats"] = { requests: {}, lastQuery: null };
  const identity = createGoogleIdentity({
    clock,
    clientId,
    clientSecret,
    scope: "https://www.googleapis.com/auth/calendar.readonly",
    hasAccount: (email) => calendars.has(email),
    defaultAccount: () => [...calendars.keys()][0],
  });
  let seq = 0;

  const resource = (owner: string, e: StoredEvent, instance?: { at: number }) => {
    const duration = ms(e.end) - ms(e.start);
    const startAt = instance?.at ?? ms(e.start);
    const when = (at: number) =>
      isDate(e.start) ? { date: new Date(at).toISOString().slice(0, 10) } : { dateTime: new Date(at).toISOString().replace(".000Z", "Z"), timeZone: "UTC" };
    const organizer = e.organizer ?? owner;
    return {
      kind: "calendar#event",
      etag: `"${3000000000000000 + seq}"`,
      id: instance ? `${e.id}_${compact(instance.at)}` : e.id,
      status: e.status ?? "confirmed",
      htmlLink: `https://www.google.com/calendar/event?eid=${e.id}`,
      created: e.created,
      updated: e.created,
      summary: e.summary,
      ...(e.location ? { location: e.location } : {}),
      ...(e.description ? { description: e.description } : {}),
      creator: { email: organizer, ...(organizer === owner ? { self: true } : {}) },
      organizer: { email: organizer, ...(organizer === owner ? { self: true } : {}) },
      start: when(startAt),
      end: when(startAt + duration),
      ...(instance ? { recurringEventId: e.id, originalStartTime: when(startAt) } : e.recurrence ? { recurrence: [e.recurrence] } : {}),
      iCalUID: `${e.id}@google.com`,
      sequence: 0,
      ...(e.attendees
        ? {
            attendees: e.attendees.map((a) => ({
              email: a.email,
              responseStatus: a.responseStatus ?? "needsAction",
              ...(a.email === owner ? { self: true } : {}),
              ...(a.email === organizer ? { organizer: true } : {}),
              ...(a.resource ? { resource: true } : {}),
            })),
          }
        : {}),
      ...(e.hangoutLink
        ? {
            hangoutLink: e.hangoutLink,
            conferenceData: {
              entryPoints: [{ entryPointType: "video", uri: e.hangoutLink, label: e.hangoutLink.replace("https://", "") }],
              conferenceSolution: { key: { type: "hangoutsMeet" }, name: "Google Meet" },
            },
          }
        : {}),
      reminders: { useDefault: true },
      eventType: "default",
    };
  };

  /** Occurrence start times of a stored event (one for a single event). */
  const occurrences = (e: StoredEvent): number[] => {
    const rule = e.recurrence ? parseRule(e.recurrence) : null;
    if (!rule) return [ms(e.start)];
    const step = (rule.freq === "DAILY" ? DAY : 7 * DAY) * rule.interval;
    return Array.from({ length: rule.count }, (_, i) => ms(e.start) + i * step);
  };

  const handleApi = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const token = identity.authenticate(req, res);
    if (!token) return;
    const owner = token.email;
    const m = url.pathname.match(/^\/calendar\/v3\/calendars\/([^/]+)(\/events)?$/);
    const calendarId = m ? decodeURIComponent(m[1]!) : "";
    if (!m || (calendarId !== "primary" && calendarId !== owner)) {
      googleError(res, 404, "Not Found", "notFound");
      return;
    }
    const endpoint = m[2] ? "events.list" : "calendars.get";
    stats.requests[endpoint] = (stats.requests[endpoint] ?? 0) + 1;
    const fault = faults[0];
    if (fault) {
      if (--fault.remaining <= 0) faults.shift();
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : {};
      googleError(res, fault.status, fault.message ?? fault.reason, fault.reason, { domain: fault.status === 401 ? "global" : "usageLimits", headers });
      return;
    }
    if (endpoint === "calendars.get") {
      json(res, 200, {
        kind: "calendar#calendar",
        etag: '"fake"',
        id: owner,
        summary: owner,
        timeZone: "UTC",
        conferenceProperties: { allowedConferenceSolutionTypes: ["hangoutsMeet"] },
      });
      return;
    }
    const q = url.searchParams;
    stats.lastQuery = new URLSearchParams(q);
    const single = q.get("singleEvents") === "true";
    if (q.get("orderBy") === "startTime" && !single) {
      googleError(res, 400, "The requested ordering is not available for the particular query.", "badRequest");
      return;
    }
    for (const name of ["timeMin", "timeMax"]) {
      if (q.has(name) && !rfc3339.test(q.get(name)!)) {
        googleError(res, 400, "Bad Request", "badRequest");
        return;
      }
    }
    const min = q.has("timeMin") ? Date.parse(q.get("timeMin")!) : -Infinity;
    const max = q.has("timeMax") ? Date.parse(q.get("timeMax")!) : Infinity;
    const items: { start: number; body: unknown }[] = [];
    for (const e of calendars.get(owner) ?? []) {
      const duration = ms(e.end) - ms(e.start);
      const starts = single ? occurrences(e) : [ms(e.start)];
      for (const at of starts) {
        // Google: an event is in the window when it ends after timeMin and starts before timeMax.
        if (single && !(at + duration > min && at < max)) continue;
        if (!single && !occurrences(e).some((o) => o + duration > min && o < max)) continue;
        items.push({ start: at, body: resource(owner, e, single && e.recurrence ? { at } : undefined) });
      }
    }
    if (q.get("orderBy") === "startTime") items.sort((a, b) => a.start - b.start);
    const size = Math.min(2500, Math.max(1, Number(q.get("maxResults") ?? 250) || 250));
    // The page token binds the query: Google refuses one replayed with other parameters.
    const fingerprint = ["timeMin", "timeMax", "singleEvents", "orderBy"].map((k) => q.get(k) ?? "").join("|");
    let offset = 0;
    if (q.get("pageToken")) {
      const parsed = JSON.parse(Buffer.from(q.get("pageToken")!, "base64url").toString("utf8") || "{}") as { o?: number; f?: string };
      if (parsed.f !== fingerprint || typeof parsed.o !== "number") {
        googleError(res, 400, "Invalid page token.", "invalid");
        return;
      }
      offset = parsed.o;
    }
    const page = items.slice(offset, offset + size);
    json(res, 200, {
      kind: "calendar#events",
      etag: `"p${seq}"`,
      summary: owner,
      updated: new Date(clock.now()).toISOString(),
      timeZone: "UTC",
      accessRole: "owner",
      defaultReminders: [{ method: "popup", minutes: 10 }],
      ...(offset + size < items.length ? { nextPageToken: Buffer.from(JSON.stringify({ o: offset + size, f: fingerprint })).toString("base64url") } : {}),
      items: page.map((i) => i.body),
    });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = async () => {
      if (await identity.handle(req, res, url)) return;
      if (req.method === "GET" && url.pathname.startsWith("/calendar/v3/")) {
        handleApi(req, res, url);
        return;
      }
      googleError(res, 404, "Not Found", "notFound");
    };
    route().catch((err: unknown) => {
      if (!res.headersSent) googleError(res, 500, `Internal error: ${(err as Error).message}`, "backendError");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    clientId,
    clientSecret,
    stats,
    env: {
      GOOGLE_CALENDAR_API_BASE_URL: base,
      GOOGLE_OAUTH_BASE_URL: base,
      GOOGLE_ACCOUNTS_BASE_URL: base,
      GOOGLE_CALENDAR_CLIENT_ID: clientId,
      GOOGLE_CALENDAR_CLIENT_SECRET: clientSecret,
    },
    addUser(email) {
      if (!calendars.has(email)) calendars.set(email, []);
      return { refreshToken: identity.addRefreshToken(email) };
    },
    addEvents(email, inputs) {
      const list = calendars.get(email);
      if (!list) throw new Error(`no fake calendar user ${email}`);
      return inputs.map((input) => {
        const id = `evt${(++seq).toString(36)}${"x".repeat(8)}`;
        list.push({ ...input, id, created: new Date(clock.now()).toISOString() });
        return id;
      });
    },
    issueAuthCode: (email, redirectUri) => identity.issueAuthCode(email, redirectUri),
    isRevoked: (refreshToken) => identity.isRevoked(refreshToken),
    failNext(count, error) {
      faults.push({ remaining: count, ...error });
    },
    clearFaults() {
      faults.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
