import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MicrosoftCredentials } from "@/lib/providers/microsoft/microsoft-oauth";
import { OutlookCalendarProvider } from "@/lib/providers/calendar/outlook";
import { startGraphFake, type GraphFake } from "@/tests/fakes/graph-server";
import { createManualClock } from "@/tests/fakes/manual-clock";
import { setEnv } from "./env-scope";

const MONDAY = Date.UTC(2026, 5, 1);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

describe("Outlook calendar provider through the Graph client against the loopback Graph", () => {
  let fake: GraphFake;
  let restoreEnv: () => void;
  let credentials: MicrosoftCredentials;
  // One virtual clock for the fake and the providers: Retry-After is waited out without sleeping.
  const clock = createManualClock(Date.now());

  beforeAll(async () => {
    fake = await startGraphFake({ clock });
    restoreEnv = setEnv(fake.env);
    credentials = { refresh_token: fake.setUser({ mail: "Grace@Contoso.com", displayName: "Grace Hopper" }).refreshToken };
    fake.addEvents([
      {
        subject: "Weekly staff meeting",
        start: iso(MONDAY + 9 * HOUR),
        end: iso(MONDAY + 10 * HOUR),
        recurrence: { type: "weekly", count: 6 },
        attendees: [{ address: "grace@contoso.com" }, { address: "ada@contoso.com" }, { address: "Room 12", type: "resource" }],
        location: "Room 12",
      },
      {
        subject: "Fabrikam escalation",
        start: iso(MONDAY + DAY + 14 * HOUR),
        end: iso(MONDAY + DAY + 14.5 * HOUR),
        organizer: "ceo@fabrikam.example",
        attendees: [{ address: "ceo@fabrikam.example" }, { address: "grace@contoso.com" }],
        response: "declined",
        onlineMeetingUrl: "https://teams.microsoft.com/l/meetup-join/19%3a1",
      },
      { subject: "Company holiday", start: iso(MONDAY + 4 * DAY), end: iso(MONDAY + 5 * DAY), isAllDay: true, showAs: "free" },
      { subject: "Cancelled sync", start: iso(MONDAY + 2 * DAY + 11 * HOUR), end: iso(MONDAY + 2 * DAY + 12 * HOUR), isCancelled: true },
      {
        subject: "Maybe lunch",
        start: iso(MONDAY + 3 * DAY + 12 * HOUR),
        end: iso(MONDAY + 3 * DAY + 13 * HOUR),
        showAs: "tentative",
        organizer: "friend@fabrikam.example",
        response: "tentativelyAccepted",
        location: "https://acme.zoom.us/j/42",
      },
    ]);
  });
  afterAll(async () => {
    restoreEnv?.();
    await fake?.stop();
  });

  it("lists calendarView instances in UTC across pages, with the recurring series expanded", async () => {
    const provider = new OutlookCalendarProvider({ credentials, onCredentialsUpdate: (c) => void (credentials = c), pageSize: 3, clock });
    expect(await provider.verify()).toEqual({ account_email: "grace@contoso.com" });
    const before = fake.stats.paths.filter((p) => p.startsWith("/v1.0/me/calendarView")).length;
    const events = await provider.listEvents(new Date(MONDAY), new Date(MONDAY + 14 * DAY));
    const pages = fake.stats.paths.filter((p) => p.startsWith("/v1.0/me/calendarView")).length - before;
    expect(pages).toBe(Math.ceil(events.length / 3));
    expect(fake.stats.lastCalendarPrefer).toContain('outlook.timezone="UTC"');
    expect(events.map((e) => [e.title, e.start.toISOString()])).toEqual([
      ["Weekly staff meeting", iso(MONDAY + 9 * HOUR)],
      ["Fabrikam escalation", iso(MONDAY + DAY + 14 * HOUR)],
      ["Cancelled sync", iso(MONDAY + 2 * DAY + 11 * HOUR)],
      ["Maybe lunch", iso(MONDAY + 3 * DAY + 12 * HOUR)],
      ["Company holiday", iso(MONDAY + 4 * DAY)],
      ["Weekly staff meeting", iso(MONDAY + 7 * DAY + 9 * HOUR)],
    ]);
    expect(events[0]).toMatchObject({
      attendees: ["grace@contoso.com", "ada@contoso.com"],
      location: "Room 12",
      organizer_email: "grace@contoso.com",
      self_response: "accepted",
      end: new Date(MONDAY + 10 * HOUR),
    });
    expect(events[1]).toMatchObject({
      organizer_email: "ceo@fabrikam.example",
      self_response: "declined",
      meeting_url: "https://teams.microsoft.com/l/meetup-join/19%3a1",
      status: "confirmed",
    });
    expect(events[2]!.status).toBe("cancelled");
    expect(events[3]).toMatchObject({ status: "tentative", self_response: "tentative", meeting_url: "https://acme.zoom.us/j/42" });
    expect(events[4]).toMatchObject({ all_day: true });
    expect(events[0]!.provider_event_id).not.toBe(events[5]!.provider_event_id);
  });

  it("waits out a 429 through the shared throttle middleware and maps a refused refresh token to auth", async () => {
    const provider = new OutlookCalendarProvider({ credentials, onCredentialsUpdate: (c) => void (credentials = c), clock });
    await provider.verify();
    fake.throttleNext(1, 20);
    const started = clock.now();
    const events = await provider.listEvents(new Date(MONDAY), new Date(MONDAY + DAY));
    expect(events.map((e) => e.title)).toEqual(["Weekly staff meeting"]);
    expect(clock.now() - started).toBe(20_000);
    const stale = new OutlookCalendarProvider({ credentials: { refresh_token: "M.C1_fake.not-issued" }, clock });
    await expect(stale.verify()).rejects.toMatchObject({ name: "CalendarProviderError", kind: "auth" });
  });

  it("asks Microsoft for Calendars.Read when it refreshes", async () => {
    const uses = fake.refreshTokenUses;
    const provider = new OutlookCalendarProvider({
      credentials: { refresh_token: credentials.refresh_token },
      onCredentialsUpdate: (c) => void (credentials = c),
      clock,
    });
    await provider.verify();
    expect(fake.refreshTokenUses).toBe(uses + 1);
    expect(credentials.scope).toContain("Calendars.Read");
  });
});
