import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CalDavCalendarProvider } from "@/lib/providers/calendar/caldav";
import { buildTestEvent, hasRadicale, startRadicale, type RadicaleServer } from "@/tests/fakes/radicale";
import { closedPort, setEnv } from "./env-scope";

// Without Radicale a laptop skips these; CI installs radicale, so there a missing server fails loudly.
const noRadicale = !hasRadicale() && !process.env.CI;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe.skipIf(noRadicale)("CalDAV provider on a real Radicale", () => {
  let radicale: RadicaleServer;
  let restoreEnv: () => void;
  // A Monday at 00:00 UTC a little in the future: everything is placed relative to it.
  const monday = new Date(Date.UTC(2026, 5, 1));

  beforeAll(async () => {
    radicale = await startRadicale({
      users: [
        { username: "alex@northwind.example", password: "caldav-secret-1" },
        { username: "sam", password: "caldav-secret-2" },
      ],
    });
    restoreEnv = setEnv({ ALLOW_PRIVATE_NETWORK: "1" });
    await radicale.createCalendar("work", { displayName: "Work" });
    await radicale.createCalendar("personal");
    await radicale.putEvent(
      "work",
      "standup-series",
      buildTestEvent({
        uid: "standup-series",
        summary: "Weekly planning",
        start: new Date(monday.getTime() + 9 * HOUR),
        end: new Date(monday.getTime() + 9.5 * HOUR),
        rrule: "FREQ=WEEKLY;BYDAY=MO;COUNT=6",
        exdates: [new Date(monday.getTime() + 14 * DAY + 9 * HOUR)],
        organizer: "alex@northwind.example",
        attendees: [{ email: "alex@northwind.example" }, { email: "priya@northwind.example" }],
      }),
    );
    await radicale.putEvent(
      "work",
      "globex-call",
      buildTestEvent({
        uid: "globex-call",
        summary: "Pilot review with Globex",
        start: new Date(monday.getTime() + DAY + 15 * HOUR),
        end: new Date(monday.getTime() + DAY + 16 * HOUR),
        organizer: "hank@globex.example",
        attendees: [{ email: "hank@globex.example" }, { email: "alex@northwind.example", partstat: "DECLINED" }],
        description: "https://globex.zoom.us/j/123",
        status: "TENTATIVE",
      }),
    );
    await radicale.putEvent(
      "personal",
      "holiday",
      buildTestEvent({
        uid: "holiday",
        summary: "Holiday",
        start: new Date(monday.getTime() + 4 * DAY),
        end: new Date(monday.getTime() + 5 * DAY),
        allDay: true,
      }),
    );
    // Sam's calendar: never visible to Alex.
    await radicale.createCalendar("secret", { username: "sam" });
    await radicale.putEvent(
      "secret",
      "sams",
      buildTestEvent({ uid: "sams", summary: "Sam only", start: new Date(monday.getTime() + 10 * HOUR), end: new Date(monday.getTime() + 11 * HOUR) }),
      { username: "sam" },
    );
  });
  afterAll(async () => {
    restoreEnv?.();
    await radicale?.stop();
  });

  it("discovers the account's calendars and lists the window's events with the weekly series expanded", async () => {
    const provider = new CalDavCalendarProvider({ credentials: radicale.credentials() });
    expect(await provider.verify()).toEqual({ account_email: "alex@northwind.example" });
    const events = await provider.listEvents(monday, new Date(monday.getTime() + 28 * DAY));
    expect(events.map((e) => [e.title, e.start.toISOString()])).toEqual([
      ["Weekly planning", "2026-06-01T09:00:00.000Z"],
      ["Pilot review with Globex", "2026-06-02T15:00:00.000Z"],
      ["Holiday", "2026-06-05T00:00:00.000Z"],
      ["Weekly planning", "2026-06-08T09:00:00.000Z"],
      // 15 June is an EXDATE
      ["Weekly planning", "2026-06-22T09:00:00.000Z"],
    ]);
    const globex = events[1];
    expect(globex).toMatchObject({
      organizer_email: "hank@globex.example",
      attendees: ["hank@globex.example", "alex@northwind.example"],
      status: "tentative",
      self_response: "declined",
      meeting_url: "https://globex.zoom.us/j/123",
      all_day: false,
    });
    expect(events[2]).toMatchObject({ all_day: true, end: new Date("2026-06-06T00:00:00.000Z") });
    expect(new Set(events.map((e) => e.provider_event_id)).size).toBe(events.length);
  });

  it("asks the server for the window only: a later window sees the rest of the series", async () => {
    const provider = new CalDavCalendarProvider({ credentials: radicale.credentials() });
    const later = await provider.listEvents(new Date(monday.getTime() + 28 * DAY), new Date(monday.getTime() + 60 * DAY));
    expect(later.map((e) => e.start.toISOString())).toEqual(["2026-06-29T09:00:00.000Z", "2026-07-06T09:00:00.000Z"]);
  });

  it("reports a wrong password as auth, a dead port as unavailable and a private host as refused", async () => {
    await expect(new CalDavCalendarProvider({ credentials: { ...radicale.credentials(), password: "wrong" } }).verify()).rejects.toMatchObject({
      name: "CalendarProviderError",
      kind: "auth",
    });
    const port = await closedPort();
    await expect(new CalDavCalendarProvider({ credentials: { ...radicale.credentials(), url: `http://127.0.0.1:${port}/` } }).verify()).rejects.toMatchObject({
      kind: "unavailable",
    });
    const restore = setEnv({ ALLOW_PRIVATE_NETWORK: undefined });
    try {
      await expect(new CalDavCalendarProvider({ credentials: radicale.credentials() }).verify()).rejects.toMatchObject({
        kind: "invalid_request",
        message: expect.stringMatching(/not allowed.*private/),
      });
    } finally {
      restore();
    }
  });
});
