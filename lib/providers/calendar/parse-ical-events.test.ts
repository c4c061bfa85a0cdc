import { describe, expect, it } from "vitest";
import { parseIcalEvents } from "./parse-ical-events";

const wrap = (...lines: string[]) => ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//PookAi//Test//EN", ...lines, "END:VCALENDAR"].join("\r\n");
const range = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

describe("parseIcalEvents", () => {
  it("normalizes a single meeting: UTC times, organizer, attendees, own answer, status and the video link", () => {
    const ics = wrap(
      "BEGIN:VEVENT",
      "UID:abc-1@example.com",
      "DTSTAMP:20260301T000000Z",
      "DTSTART:20260305T150000Z",
      "DTEND:20260305T153000Z",
      "SUMMARY:Pilot review with Globex",
      "LOCATION:Zoom",
      "DESCRIPTION:Join https://globex.zoom.us/j/99887766?pwd=x\\nAgenda: numbers",
      "STATUS:TENTATIVE",
      "ORGANIZER;CN=Hank Scorpio:mailto:Hank@Globex.com",
      "ATTENDEE;PARTSTAT=ACCEPTED:mailto:hank@globex.com",
      "ATTENDEE;CN=Me;PARTSTAT=DECLINED:mailto:me@northwind.example",
      "END:VEVENT",
    );
    const [event, ...rest] = parseIcalEvents(ics, { ...range("2026-03-01T00:00:00Z", "2026-03-10T00:00:00Z"), ownEmails: ["ME@northwind.example"] });
    expect(rest).toEqual([]);
    expect(event).toEqual({
      provider_event_id: "abc-1@example.com",
      title: "Pilot review with Globex",
      start: new Date("2026-03-05T15:00:00Z"),
      end: new Date("2026-03-05T15:30:00Z"),
      all_day: false,
      location: "Zoom",
      meeting_url: "https://globex.zoom.us/j/99887766?pwd=x",
      organizer_email: "hank@globex.com",
      attendees: ["hank@globex.com", "me@northwind.example"],
      status: "tentative",
      self_response: "declined",
    });
  });

  it("expands a weekly rule in an IANA zone without VTIMEZONE across the spring DST change, with EXDATE and a moved instance", () => {
    const ics = wrap(
      "BEGIN:VEVENT",
      "UID:standup",
      "DTSTART;TZID=Europe/Paris:20260316T093000",
      "DTEND;TZID=Europe/Paris:20260316T094500",
      "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=8",
      "EXDATE;TZID=Europe/Paris:20260319T093000",
      "SUMMARY:Stand-up",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:standup",
      "RECURRENCE-ID;TZID=Europe/Paris:20260326T093000",
      "DTSTART;TZID=Europe/Paris:20260326T110000",
      "DTEND;TZID=Europe/Paris:20260326T111500",
      "SUMMARY:Stand-up (moved)",
      "END:VEVENT",
    );
    const events = parseIcalEvents(ics, range("2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z"));
    expect(events.map((e) => [e.start.toISOString(), e.title])).toEqual([
      ["2026-03-16T08:30:00.000Z", "Stand-up"], // CET, UTC+1
      // 19 March excluded by EXDATE
      ["2026-03-23T08:30:00.000Z", "Stand-up"],
      ["2026-03-26T10:00:00.000Z", "Stand-up (moved)"], // still CET: Paris moves to CEST on 29 March
      ["2026-03-30T07:30:00.000Z", "Stand-up"], // CEST, UTC+2: same wall time
      ["2026-04-02T07:30:00.000Z", "Stand-up"],
      ["2026-04-06T07:30:00.000Z", "Stand-up"],
      ["2026-04-09T07:30:00.000Z", "Stand-up"],
    ]);
    expect(events[2]!.provider_event_id).toBe("standup:2026-03-26T08:30:00.000Z");
    expect(new Set(events.map((e) => e.provider_event_id)).size).toBe(events.length);
    expect(events.every((e) => e.end.getTime() - e.start.getTime() === 15 * 60_000)).toBe(true);
  });

  it("keeps only the instances in the window, including one that started before it, and honours UNTIL", () => {
    const ics = wrap(
      "BEGIN:VEVENT",
      "UID:daily",
      "DTSTART:20200101T230000Z",
      "DTEND:20200102T010000Z",
      "RRULE:FREQ=DAILY;UNTIL=20260310T230000Z",
      "SUMMARY:Night shift handover",
      "END:VEVENT",
    );
    const events = parseIcalEvents(ics, range("2026-03-08T00:00:00Z", "2026-03-20T00:00:00Z"));
    expect(events.map((e) => e.start.toISOString())).toEqual([
      "2026-03-07T23:00:00.000Z", // overlaps the window's first hour
      "2026-03-08T23:00:00.000Z",
      "2026-03-09T23:00:00.000Z",
      "2026-03-10T23:00:00.000Z",
    ]);
  });

  it("reads all-day events as UTC dates (a missing DTEND is one day) and floating times in the default zone", () => {
    const ics = wrap(
      "BEGIN:VEVENT",
      "UID:offsite",
      "DTSTART;VALUE=DATE:20260312",
      "SUMMARY:Team offsite",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:floating",
      "DTSTART:20260312T090000",
      "DTEND:20260312T100000",
      "SUMMARY:Dentist",
      "END:VEVENT",
    );
    const [offsite, dentist] = parseIcalEvents(ics, { ...range("2026-03-11T00:00:00Z", "2026-03-14T00:00:00Z"), defaultTimeZone: "America/New_York" });
    expect(offsite).toMatchObject({ all_day: true, start: new Date("2026-03-12T00:00:00Z"), end: new Date("2026-03-13T00:00:00Z") });
    expect(dentist).toMatchObject({ all_day: false, start: new Date("2026-03-12T13:00:00Z"), end: new Date("2026-03-12T14:00:00Z") });
  });

  it("uses a VTIMEZONE defined in the file for a TZID that is not an IANA name", () => {
    const ics = wrap(
      "BEGIN:VTIMEZONE",
      "TZID:W. Europe Standard Time",
      "BEGIN:STANDARD",
      "DTSTART:16011028T030000",
      "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
      "TZOFFSETFROM:+0200",
      "TZOFFSETTO:+0100",
      "END:STANDARD",
      "BEGIN:DAYLIGHT",
      "DTSTART:16010325T020000",
      "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
      "TZOFFSETFROM:+0100",
      "TZOFFSETTO:+0200",
      "END:DAYLIGHT",
      "END:VTIMEZONE",
      "BEGIN:VEVENT",
      "UID:outlook-made",
      "DTSTART;TZID=W. Europe Standard Time:20260701T140000",
      "DTEND;TZID=W. Europe Standard Time:20260701T150000",
      "SUMMARY:Summer planning",
      "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/abc",
      "STATUS:CANCELLED",
      "END:VEVENT",
    );
    const [event] = parseIcalEvents(ics, range("2026-06-30T00:00:00Z", "2026-07-02T00:00:00Z"));
    expect(event).toMatchObject({
      start: new Date("2026-07-01T12:00:00Z"),
      status: "cancelled",
      meeting_url: "https://teams.microsoft.com/l/meetup-join/abc",
      attendees: [],
      organizer_email: null,
      self_response: null,
    });
  });

  it("returns nothing for a window with no instances", () => {
    const ics = wrap("BEGIN:VEVENT", "UID:x", "DTSTART:20260101T100000Z", "DTEND:20260101T110000Z", "SUMMARY:Old", "END:VEVENT");
    expect(parseIcalEvents(ics, range("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"))).toEqual([]);
  });
});
