import ICAL from "ical.js";
import { isIanaTimeZone } from "@/lib/schemas/common";
import { zonedTimeToUtc } from "@/lib/time/zoned-time";
import { findMeetingUrl } from "./find-meeting-url";
import { byStart, type CalendarEvent } from "./types";

type Time = InstanceType<typeof ICAL.Time>;
type Event = InstanceType<typeof ICAL.Event>;
type Component = InstanceType<typeof ICAL.Component>;

export type ParseIcalOptions = {
  from: Date;
  to: Date;
  /** The calendar owner's addresses: their ATTENDEE line's PARTSTAT is `self_response`. */
  ownEmails?: string[];
  /** Zone for floating times and TZIDs that are neither defined in the file nor IANA names. */
  defaultTimeZone?: string;
  /** Safety bound on instances walked per recurring event (a daily event from 2010 is ~6,000). */
  maxIterations?: number;
};

const DAY_MS = 86_400_000;
const MAX_OVERRIDE_SHIFT_MS = 31 * DAY_MS;
const STATUS: Record<string, CalendarEvent["status"]> = { CONFIRMED: "confirmed", TENTATIVE: "tentative", CANCELLED: "cancelled" };
const PARTSTAT: Record<string, NonNullable<CalendarEvent["self_response"]>> = {
  ACCEPTED: "accepted",
  TENTATIVE: "tentative",
  DECLINED: "declined",
  "NEEDS-ACTION": "needs-action",
};

/**
 * The VEVENT instances of one iCalendar object that overlap [from, to): recurring events expanded
 * (RRULE, RDATE, EXDATE, and RECURRENCE-ID overrides) by ical.js. Times in a VTIMEZONE of the file
 * use it; a TZID without one is read as an IANA zone; floating times use `defaultTimeZone`.
 */
export function parseIcalEvents(ics: string, options: ParseIcalOptions): CalendarEvent[] {
  const root = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  const vevents = root.name === "vevent" ? [root] : root.getAllSubcomponents("vevent");
  const masters = new Map<string, Event>();
  const exceptions: Component[] = [];
  const out: CalendarEvent[] = [];
  for (const vevent of vevents) {
    if (vevent.hasProperty("recurrence-id")) exceptions.push(vevent);
    else masters.set(String(vevent.getFirstPropertyValue("uid") ?? ""), new ICAL.Event(vevent));
  }
  for (const exception of exceptions) {
    const master = masters.get(String(exception.getFirstPropertyValue("uid") ?? ""));
    // An override whose series is not in this object (a lone invitation to one instance) stands alone.
    if (master?.isRecurring()) master.relateException(exception);
    else out.push(...single(new ICAL.Event(exception), options));
  }
  for (const event of masters.values()) out.push(...(event.isRecurring() ? expand(event, options) : single(event, options)));
  return out.sort(byStart);
}

function single(event: Event, options: ParseIcalOptions): CalendarEvent[] {
  const start = instant(event.startDate, event.component, "dtstart", options);
  const end = endOf(event, event.startDate, event.endDate, start, options);
  if (!overlaps(start, end, options)) return [];
  const recurrence = event.component.getFirstPropertyValue("recurrence-id") as Time | null;
  const id = recurrence ? `${event.uid}:${instant(recurrence, event.component, "recurrence-id", options).toISOString()}` : event.uid;
  return [normalize(event, id, start, end, options)];
}

function expand(event: Event, options: ParseIcalOptions): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  const iterator = event.iterator();
  const limit = options.maxIterations ?? 20_000;
  // Instances come in the order of their original times; an override may move one by up to this.
  const stopAt = options.to.getTime() + MAX_OVERRIDE_SHIFT_MS;
  // ical.js types next() as always a Time; it answers null once the recurrence is over.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  for (let i = 0, next = iterator.next(); next && i < limit; i++, next = iterator.next()) {
    const recurrenceId = instant(next, event.component, "dtstart", options);
    if (recurrenceId.getTime() >= stopAt) break;
    const details = event.getOccurrenceDetails(next);
    const item = details.item;
    const start = instant(details.startDate, item.component, "dtstart", options);
    const end = endOf(item, details.startDate, details.endDate, start, options);
    if (!overlaps(start, end, options)) continue;
    out.push(normalize(item, `${event.uid}:${recurrenceId.toISOString()}`, start, end, options));
  }
  return out;
}

function endOf(event: Event, startTime: Time, endTime: Time | null, start: Date, options: ParseIcalOptions): Date {
  const hasEnd = event.component.hasProperty("dtend") || event.component.hasProperty("duration");
  if (!hasEnd || !endTime) return new Date(start.getTime() + (startTime.isDate ? DAY_MS : 0));
  const end = instant(endTime, event.component, event.component.hasProperty("dtend") ? "dtend" : "dtstart", options);
  // RFC 5545: a date-only event lasts at least its day.
  return startTime.isDate && end.getTime() <= start.getTime() ? new Date(start.getTime() + DAY_MS) : end;
}

function overlaps(start: Date, end: Date, { from, to }: ParseIcalOptions): boolean {
  const effectiveEnd = end.getTime() > start.getTime() ? end.getTime() : start.getTime() + 1;
  return start.getTime() < to.getTime() && effectiveEnd > from.getTime();
}

/**
 * An ICAL.Time as an instant. Dates are UTC midnights; UTC and zones defined in the file go through
 * ical.js; a time that ical.js left floating is placed with the property's TZID when that is an
 * IANA zone (servers often omit VTIMEZONE), else in the default zone.
 */
function instant(time: Time, component: Component, property: string, options: ParseIcalOptions): Date {
  if (time.isDate) return new Date(Date.UTC(time.year, time.month - 1, time.day));
  const zone = time.zone;
  // A floating time has no zone at all, whatever the type says.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  if (zone && zone !== ICAL.Timezone.localTimezone && zone.tzid !== "floating") return new Date(time.toUnixTime() * 1000);
  const tzid = String(component.getFirstProperty(property)?.getParameter("tzid") ?? "");
  const timeZone = tzid && isIanaTimeZone(tzid) ? tzid : (options.defaultTimeZone ?? "UTC");
  return zonedTimeToUtc({ year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second }, timeZone);
}

function address(value: unknown): string {
  return (typeof value === "string" ? value : "")
    .replace(/^mailto:/i, "")
    .trim()
    .toLowerCase();
}

function normalize(event: Event, id: string, start: Date, end: Date, options: ParseIcalOptions): CalendarEvent {
  const c = event.component;
  const own = new Set((options.ownEmails ?? []).map((e) => e.toLowerCase()));
  const attendees: string[] = [];
  let selfResponse: CalendarEvent["self_response"] = null;
  for (const prop of c.getAllProperties("attendee")) {
    const email = address(prop.getFirstValue());
    if (!email.includes("@")) continue;
    if (!attendees.includes(email)) attendees.push(email);
    // getParameter answers undefined for a parameter the line does not carry.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (own.has(email)) selfResponse = PARTSTAT[String(prop.getParameter("partstat") ?? "NEEDS-ACTION").toUpperCase()] ?? null;
  }
  const location = String(c.getFirstPropertyValue("location") ?? "").trim() || null;
  const description = String(c.getFirstPropertyValue("description") ?? "");
  const conference = ["x-google-conference", "x-microsoft-skypeteamsmeetingurl", "url"].map((p) => String(c.getFirstPropertyValue(p) ?? "")).join(" ");
  const organizer = address(c.getFirstPropertyValue("organizer"));
  return {
    provider_event_id: id,
    title: String(c.getFirstPropertyValue("summary") ?? "").trim() || "(no title)",
    start,
    end,
    all_day: event.startDate.isDate,
    location,
    meeting_url: findMeetingUrl(conference, location, description),
    organizer_email: organizer.includes("@") ? organizer : null,
    attendees,
    status: STATUS[String(c.getFirstPropertyValue("status") ?? "CONFIRMED").toUpperCase()] ?? "confirmed",
    self_response: selfResponse,
  };
}
