import { describe, expect, it } from "vitest";
import type { CalendarEvent } from "@/lib/providers/calendar/types";
import { MIN_LEAD_MS, planMeetingReminders, type ReminderPreferences } from "./plan-meeting-reminders";

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = new Date("2026-03-10T12:00:00Z");
const ME = "alex@northwind.example";
let seq = 0;

function meeting(overrides: Partial<CalendarEvent> & { at?: string | Date } = {}): CalendarEvent {
  const { at, ...rest } = overrides;
  const start = at ? new Date(at) : new Date(NOW.getTime() + 3 * HOUR);
  seq += 1;
  return {
    provider_event_id: `e${seq}`,
    // Distinct titles: the same title at the same start is one meeting seen twice.
    title: `Meeting ${seq}`,
    start,
    end: new Date(start.getTime() + 30 * MIN),
    all_day: false,
    location: null,
    meeting_url: null,
    organizer_email: ME,
    attendees: [ME, "sam@northwind.example"],
    status: "confirmed",
    self_response: "accepted",
    ...rest,
  };
}

const prefs = (p: Partial<ReminderPreferences> = {}): ReminderPreferences => ({
  meeting_reminder_timing: "15-minutes",
  meeting_reminder_frequency: "all-meetings",
  meeting_reminder_method: "call-only",
  preferred_call_time: "09:00",
  ...p,
});

function plan(events: CalendarEvent[], p: Partial<ReminderPreferences> = {}, extra: { now?: Date; timeZone?: string; ownEmails?: string[] } = {}) {
  return planMeetingReminders({ events, preferences: prefs(p), ownEmails: extra.ownEmails ?? [ME], timeZone: extra.timeZone ?? "UTC", now: extra.now ?? NOW });
}

describe("planMeetingReminders: when", () => {
  it.each([
    ["15-minutes", 15 * MIN],
    ["30-minutes", 30 * MIN],
    ["1-hour", HOUR],
    ["2-hours", 2 * HOUR],
    ["1-day", 24 * HOUR],
  ] as const)("calls %s before the start", (timing, before) => {
    const event = meeting({ at: "2026-03-12T15:00:00Z" });
    const { reminders } = plan([event], { meeting_reminder_timing: timing });
    expect(reminders).toEqual([{ event, channel: "call", remind_at: new Date(event.start.getTime() - before), late: false, traits: expect.any(Object) }]);
  });

  it("keeps '1 day before' at the same wall-clock time across a DST change in the user's zone", () => {
    // Paris moves to summer time at 02:00 on Sunday 29 March 2026: Saturday 10:00 CET is 23 hours before Sunday 10:00 CEST.
    const sunday = meeting({ at: "2026-03-29T08:00:00Z" });
    const paris = plan([sunday], { meeting_reminder_timing: "1-day" }, { timeZone: "Europe/Paris" });
    expect(paris.reminders[0]!.remind_at.toISOString()).toBe("2026-03-28T09:00:00.000Z");
    // In UTC nothing moves: exactly 24 hours.
    expect(plan([sunday], { meeting_reminder_timing: "1-day" }).reminders[0]!.remind_at.toISOString()).toBe("2026-03-28T08:00:00.000Z");
    // New York's change (8 March) seen from the other side.
    const ny = meeting({ at: "2026-03-08T14:00:00Z" }); // 10:00 EDT
    expect(
      plan(
        [ny],
        { meeting_reminder_timing: "1-day" },
        { now: new Date("2026-03-01T00:00:00Z"), timeZone: "America/New_York" },
      ).reminders[0]!.remind_at.toISOString(),
    ).toBe("2026-03-07T15:00:00.000Z"); // 10:00 EST
  });

  it("calls at once (late) when the ideal time has passed, unless the meeting starts within 5 minutes", () => {
    const in20 = meeting({ at: new Date(NOW.getTime() + 20 * MIN) });
    const exactlyLead = meeting({ at: new Date(NOW.getTime() + MIN_LEAD_MS) });
    const tooSoon = meeting({ at: new Date(NOW.getTime() + MIN_LEAD_MS - 1000) });
    const onTheDot = meeting({ at: new Date(NOW.getTime() + HOUR) });
    const { reminders, skipped } = plan([in20, exactlyLead, tooSoon, onTheDot], { meeting_reminder_timing: "1-hour" });
    expect(reminders.map((r) => [r.event.provider_event_id, r.remind_at.toISOString(), r.late])).toEqual([
      [exactlyLead.provider_event_id, NOW.toISOString(), true],
      [in20.provider_event_id, NOW.toISOString(), true],
      // Ideal time exactly now: on time, not late.
      [onTheDot.provider_event_id, NOW.toISOString(), false],
    ]);
    expect(skipped).toEqual([{ event: tooSoon, reason: "too-soon" }]);
  });

  it("puts a digest mention in the last daily digest before the meeting, in the user's zone", () => {
    // Los Angeles, digest at 08:00 local (16:00Z in winter). Now: Tuesday 10 March 05:00 local.
    const now = new Date("2026-03-10T12:00:00Z");
    const tomorrowAfternoon = meeting({ at: "2026-03-11T22:00:00Z" }); // Wed 15:00 local -> Wed 08:00 digest
    const tomorrowEarly = meeting({ at: "2026-03-11T14:30:00Z" }); // Wed 07:30 local -> Tue 08:00 digest
    const todayBeforeDigest = meeting({ at: "2026-03-10T14:00:00Z" }); // Tue 07:00 local: no digest before it is still to come
    const atDigestTime = meeting({ at: "2026-03-12T15:00:00Z" }); // Thu 08:00 local: the digest must come before, so Wed 08:00
    const { reminders, skipped } = plan(
      [tomorrowAfternoon, tomorrowEarly, todayBeforeDigest, atDigestTime],
      { meeting_reminder_method: "digest-only", preferred_call_time: "08:00" },
      { now, timeZone: "America/Los_Angeles" },
    );
    expect(reminders.map((r) => [r.event.provider_event_id, r.channel, r.remind_at.toISOString()])).toEqual([
      [tomorrowEarly.provider_event_id, "digest", "2026-03-10T15:00:00.000Z"],
      [tomorrowAfternoon.provider_event_id, "digest", "2026-03-11T15:00:00.000Z"],
      [atDigestTime.provider_event_id, "digest", "2026-03-11T15:00:00.000Z"],
    ]);
    expect(skipped).toEqual([{ event: todayBeforeDigest, reason: "no-digest-before" }]);
  });

  it("plans a call and a digest mention for call-and-digest, and keeps the meeting when only one channel fits", () => {
    const later = meeting({ at: "2026-03-11T15:00:00Z" });
    const soon = meeting({ at: new Date(NOW.getTime() + 30 * MIN) });
    const { reminders, skipped } = plan([later, soon], { meeting_reminder_method: "call-and-digest", meeting_reminder_timing: "30-minutes" });
    expect(reminders.map((r) => [r.event.provider_event_id, r.channel, r.remind_at.toISOString()])).toEqual([
      [soon.provider_event_id, "call", NOW.toISOString()],
      [later.provider_event_id, "digest", "2026-03-11T09:00:00.000Z"],
      [later.provider_event_id, "call", "2026-03-11T14:30:00.000Z"],
    ]);
    expect(skipped).toEqual([]);
  });
});

describe("planMeetingReminders: which", () => {
  it("skips cancelled, declined, all-day and started meetings, and a meeting seen on two calendars", () => {
    const cancelled = meeting({ status: "cancelled" });
    const outlookCancelled = meeting({ title: "Canceled: Pricing review" });
    const declined = meeting({ self_response: "declined" });
    const declinedTitle = meeting({ title: "Declined: Vendor pitch", self_response: null });
    const allDay = meeting({ all_day: true, at: "2026-03-11T00:00:00Z" });
    const started = meeting({ at: new Date(NOW.getTime() - 10 * MIN) });
    const ok = meeting({ title: "Board prep", at: "2026-03-11T10:00:00Z" });
    const sameOnOtherCalendar = meeting({ title: "board prep ", at: "2026-03-11T10:00:00Z", provider_event_id: "other-calendar" });
    const tentative = meeting({ status: "tentative", self_response: "needs-action" });
    const { reminders, skipped } = plan([cancelled, outlookCancelled, declined, declinedTitle, allDay, started, ok, sameOnOtherCalendar, tentative]);
    expect(Object.fromEntries(skipped.map((s) => [s.event.provider_event_id, s.reason]))).toEqual({
      [cancelled.provider_event_id]: "cancelled",
      [outlookCancelled.provider_event_id]: "cancelled",
      [declined.provider_event_id]: "declined",
      [declinedTitle.provider_event_id]: "declined",
      [allDay.provider_event_id]: "all-day",
      [started.provider_event_id]: "started",
      "other-calendar": "duplicate",
    });
    expect(reminders.map((r) => r.event)).toEqual([tentative, ok]);
  });

  it("external: anyone outside the user's company domain (subdomains inside), exact addresses on free mail", () => {
    const internal = meeting({ attendees: [ME, "priya@eu.northwind.example"] });
    const customer = meeting({ attendees: [ME, "hank@globex.example"] });
    const externalOrganizer = meeting({ attendees: [ME], organizer_email: "recruiter@agency.example" });
    const { reminders } = plan([internal, customer, externalOrganizer], { meeting_reminder_frequency: "external-only" });
    expect(reminders.map((r) => r.event)).toEqual([customer, externalOrganizer]);

    const gmailUser = "alex.morgan@gmail.com";
    const friend = meeting({ attendees: [gmailUser, "bob@gmail.com"], organizer_email: gmailUser });
    const solo = meeting({ attendees: [gmailUser], organizer_email: gmailUser });
    const free = plan([friend, solo], { meeting_reminder_frequency: "external-only" }, { ownEmails: [gmailUser] });
    expect(free.reminders.map((r) => r.event)).toEqual([friend]);
    expect(free.skipped).toEqual([{ event: solo, reason: "not-external" }]);
  });

  it("important: external, or 4+ attendees, or organised by someone else; the user's own small internal meetings are not", () => {
    const small = meeting({ attendees: [ME, "sam@northwind.example", "kim@northwind.example"] });
    const four = meeting({ attendees: [ME, "a@northwind.example", "b@northwind.example", "c@northwind.example"] });
    const theirs = meeting({ attendees: [ME, "sam@northwind.example"], organizer_email: "sam@northwind.example" });
    const customer = meeting({ attendees: [ME, "ceo@initech.example"] });
    const focus = meeting({ attendees: [], organizer_email: ME, title: "Focus time" });
    const { reminders, skipped } = plan([small, four, theirs, customer, focus], { meeting_reminder_frequency: "important-only" });
    expect(new Set(reminders.map((r) => r.event))).toEqual(new Set([four, theirs, customer]));
    expect(skipped.map((s) => [s.event, s.reason])).toEqual([
      [small, "not-important"],
      [focus, "not-important"],
    ]);
    expect(reminders.find((r) => r.event === customer)!.traits).toEqual({ external: true, important: true, investor: false });
  });

  it("investor-calls: investor words in the title or an attendee at a venture firm", () => {
    const update = meeting({ title: "Monthly investor update" });
    const board = meeting({ title: "Q1 Board meeting" });
    const fundTld = meeting({ title: "Catch-up", attendees: [ME, "jo@northstar.capital"] });
    const fundName = meeting({ title: "Intro", attendees: [ME, "li@meridianventures.com"] });
    const customer = meeting({ title: "Renewal", attendees: [ME, "hank@globex.example"] });
    const colleagueAtVcDomain = meeting({ title: "Stand-up", attendees: ["alex@harbor.vc", "sam@harbor.vc"], organizer_email: "alex@harbor.vc" });
    const { reminders, skipped } = plan([update, board, fundTld, fundName, customer], { meeting_reminder_frequency: "investor-calls" });
    expect(reminders.map((r) => r.event)).toEqual([update, board, fundTld, fundName]);
    expect(skipped).toEqual([{ event: customer, reason: "not-investor" }]);
    // A user who works at a fund: their colleagues are not investors to remind about.
    expect(plan([colleagueAtVcDomain], { meeting_reminder_frequency: "investor-calls" }, { ownEmails: ["alex@harbor.vc"] }).skipped[0]!.reason).toBe(
      "not-investor",
    );
  });

  it("all-meetings keeps every live meeting and sorts reminders by when they are due", () => {
    const late = meeting({ at: "2026-03-12T09:00:00Z" });
    const early = meeting({ at: "2026-03-10T15:00:00Z" });
    const { reminders } = plan([late, early]);
    expect(reminders.map((r) => r.event)).toEqual([early, late]);
    expect(plan([]).reminders).toEqual([]);
  });
});
