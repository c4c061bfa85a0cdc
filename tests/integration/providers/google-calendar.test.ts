import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GoogleCalendarProvider } from "@/lib/providers/calendar/google";
import { startGoogleCalendarFake, type GoogleCalendarFake } from "@/tests/fakes/google-calendar-server";
import { createManualClock } from "@/tests/fakes/manual-clock";
import { closedPort, setEnv } from "./env-scope";

const MONDAY = Date.UTC(2026, 5, 1);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

describe("Google Calendar provider through @googleapis/calendar against the loopback fake", () => {
  let fake: GoogleCalendarFake;
  let restoreEnv: () => void;
  let refreshToken: string;

  beforeAll(async () => {
    fake = await startGoogleCalendarFake();
    restoreEnv = setEnv({ ...fake.env, GMAIL_CLIENT_ID: undefined, GOOGLE_CLIENT_ID: undefined });
    refreshToken = fake.addUser("ada@gmail.example").refreshToken;
    fake.addEvents("ada@gmail.example", [
      {
        summary: "Team sync",
        start: iso(MONDAY + 10 * HOUR),
        end: iso(MONDAY + 10.5 * HOUR),
        recurrence: "RRULE:FREQ=WEEKLY;COUNT=5",
        attendees: [{ email: "ada@gmail.example", responseStatus: "accepted" }, { email: "bob@gmail.example" }],
      },
      {
        summary: "Investor call",
        start: iso(MONDAY + DAY + 16 * HOUR),
        end: iso(MONDAY + DAY + 17 * HOUR),
        organizer: "partner@northstar.capital",
        attendees: [
          { email: "partner@northstar.capital", responseStatus: "accepted" },
          { email: "ada@gmail.example", responseStatus: "tentative" },
          { email: "room-4@resource.calendar.google.com", resource: true },
        ],
        hangoutLink: "https://meet.google.com/abc-defg-hij",
      },
      { summary: "Conference", start: "2026-06-03", end: "2026-06-05" },
      { summary: "Dropped", start: iso(MONDAY + 2 * DAY + 9 * HOUR), end: iso(MONDAY + 2 * DAY + 10 * HOUR), status: "cancelled" },
      { summary: "Long ago", start: iso(MONDAY - 30 * DAY), end: iso(MONDAY - 30 * DAY + HOUR) },
    ]);
    // Enough instances to need several pages.
    fake.addEvents("ada@gmail.example", [
      { summary: "Daily check-in", start: iso(MONDAY + 8 * HOUR), end: iso(MONDAY + 8.25 * HOUR), recurrence: "RRULE:FREQ=DAILY;COUNT=20" },
    ]);
  });
  afterAll(async () => {
    restoreEnv?.();
    await fake?.stop();
  });

  it("verifies with the primary calendar and lists the window's instances across pages, in start order", async () => {
    const provider = new GoogleCalendarProvider({ credentials: { refresh_token: refreshToken }, pageSize: 7 });
    expect(await provider.verify()).toEqual({ account_email: "ada@gmail.example" });
    const before = fake.stats.requests["events.list"] ?? 0;
    const events = await provider.listEvents(new Date(MONDAY), new Date(MONDAY + 14 * DAY));
    expect(fake.stats.requests["events.list"]! - before).toBe(Math.ceil(events.length / 7));
    expect(fake.stats.lastQuery?.get("singleEvents")).toBe("true");
    expect(fake.stats.lastQuery?.get("orderBy")).toBe("startTime");
    expect(events.filter((e) => e.title === "Team sync").map((e) => e.start.toISOString())).toEqual([
      iso(MONDAY + 10 * HOUR),
      iso(MONDAY + 7 * DAY + 10 * HOUR),
    ]);
    expect(events.filter((e) => e.title === "Daily check-in")).toHaveLength(14);
    expect(events.some((e) => e.title === "Long ago")).toBe(false);
    expect(events.map((e) => e.start.getTime())).toEqual([...events.map((e) => e.start.getTime())].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.provider_event_id)).size).toBe(events.length);

    const investor = events.find((e) => e.title === "Investor call")!;
    expect(investor).toMatchObject({
      organizer_email: "partner@northstar.capital",
      attendees: ["partner@northstar.capital", "ada@gmail.example"],
      meeting_url: "https://meet.google.com/abc-defg-hij",
      self_response: "tentative",
      status: "confirmed",
      all_day: false,
    });
    expect(events.find((e) => e.title === "Conference")).toMatchObject({
      all_day: true,
      start: new Date("2026-06-03T00:00:00Z"),
      end: new Date("2026-06-05T00:00:00Z"),
    });
    expect(events.find((e) => e.title === "Dropped")?.status).toBe("cancelled");
  });

  it("maps 401 to auth, waits out 429 with Retry-After, and gives up on 403 rate limits after its retries", async () => {
    const clock = createManualClock(Date.now());
    const provider = new GoogleCalendarProvider({ credentials: { refresh_token: refreshToken }, clock, maxRetries: 2 });
    fake.failNext(1, { status: 429, reason: "rateLimitExceeded", retryAfterSeconds: 30 });
    const started = clock.now();
    expect((await provider.verify()).account_email).toBe("ada@gmail.example");
    expect(clock.now() - started).toBe(30_000);

    // maxRetries 2: three attempts, all refused.
    fake.failNext(3, { status: 403, reason: "userRateLimitExceeded", retryAfterSeconds: 1 });
    await expect(provider.listEvents(new Date(MONDAY), new Date(MONDAY + DAY))).rejects.toMatchObject({ name: "CalendarProviderError", kind: "rate_limit" });
    fake.failNext(1, { status: 401, reason: "authError" });
    await expect(provider.verify()).rejects.toMatchObject({ kind: "auth", message: expect.stringMatching(/Google Calendar refused the credentials/) });
    expect((await provider.verify()).account_email).toBe("ada@gmail.example");
  });

  it("refuses a revoked grant and reports an unreachable Google as unavailable", async () => {
    const { refreshToken: other } = fake.addUser("revoked@gmail.example");
    const provider = new GoogleCalendarProvider({ credentials: { refresh_token: other } });
    await provider.revoke();
    expect(fake.isRevoked(other)).toBe(true);
    await expect(provider.verify()).rejects.toMatchObject({ kind: "auth" });

    const port = await closedPort();
    const restore = setEnv({ GOOGLE_CALENDAR_API_BASE_URL: `http://127.0.0.1:${port}`, GOOGLE_OAUTH_BASE_URL: `http://127.0.0.1:${port}` });
    try {
      const unreachable = new GoogleCalendarProvider({
        credentials: { refresh_token: refreshToken, access_token: "ya29.x", expiry_date: Date.now() + 3600_000 },
        maxRetries: 0,
      });
      await expect(unreachable.verify()).rejects.toMatchObject({ name: "CalendarProviderError", kind: "unavailable" });
    } finally {
      restore();
    }
  });
});
