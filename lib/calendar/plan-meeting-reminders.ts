import { baseDomain, emailDomain } from "@/lib/mail/email-domain";
import { isPublicMailDomain } from "@/lib/mail/public-mail-domains";
import type { CalendarEvent } from "@/lib/providers/calendar/types";
import type { PreferenceFields } from "@/lib/schemas/preferences";
import { addDays, parseClock, wallTime, zonedTimeToUtc } from "@/lib/time/zoned-time";

export type ReminderPreferences = Pick<
  PreferenceFields,
  "meeting_reminder_timing" | "meeting_reminder_frequency" | "meeting_reminder_method" | "preferred_call_time"
>;
export type ReminderChannel = "call" | "digest";
export type SkipReason =
  "cancelled" | "declined" | "all-day" | "started" | "duplicate" | "not-important" | "not-external" | "not-investor" | "too-soon" | "no-digest-before";
export type MeetingTraits = { external: boolean; important: boolean; investor: boolean };

export type PlannedReminder<E extends CalendarEvent> = {
  event: E;
  channel: ReminderChannel;
  remind_at: Date;
  /** The ideal moment (start minus the timing) had already passed: remind as soon as possible. */
  late: boolean;
  traits: MeetingTraits;
};
export type SkippedMeeting<E extends CalendarEvent> = { event: E; reason: SkipReason };

export type PlanMeetingRemindersInput<E extends CalendarEvent> = {
  events: E[];
  preferences: ReminderPreferences;
  /** The user's own addresses: the PookAi login and every connected calendar account. */
  ownEmails: string[];
  /** The user's zone: "1 day before" is the same wall-clock time the day before, and digests follow preferred_call_time. */
  timeZone: string;
  now: Date;
};

/** A late call closer than this to the start is pointless: the user is about to join anyway. */
export const MIN_LEAD_MS = 5 * 60_000;
const TIMING_MS = { "15-minutes": 15 * 60_000, "30-minutes": 30 * 60_000, "1-hour": 3_600_000, "2-hours": 7_200_000 } as const;
const CHANNELS: Record<ReminderPreferences["meeting_reminder_method"], ReminderChannel[]> = {
  "call-only": ["call"],
  "digest-only": ["digest"],
  "call-and-digest": ["call", "digest"],
};
const INVESTOR_TITLE =
  /\b(investors?|investor update|board (meeting|call|review)|board of directors|LP update|limited partners?|fundrais\w*|term sheet|due diligence|cap table|pitch (meeting|call)|(seed|series [a-e]) round|VC)\b/i;
// Venture firms' domains: a .vc / .capital / .ventures / .fund TLD, or a name ending so (meridianventures.com).
const INVESTOR_TLD = /\.(vc|capital|ventures|fund)$/i;
const INVESTOR_NAME = /(ventures?|capital|vc|fund|invest(ors|ments)?)$/i;
const CANCELLED_TITLE = /^\s*(cancel+ed|canceled)\s*:/i;
const DECLINED_TITLE = /^\s*declined\s*:/i;

/**
 * Which upcoming meetings get a reminder, how and when. The rules, in order:
 * 1. The same meeting on two calendars (same title, same start) is one meeting.
 * 2. Skipped: cancelled (status, or an Outlook "Canceled:" title), declined by the user (their own
 *    answer, or a "Declined:" title), all-day, already started.
 * 3. Traits. The user's own addresses are `ownEmails`; their domains are the company domains
 *    (subdomains included), except free-mail domains, where only the exact addresses are the user.
 *    external: any attendee or the organiser outside them. important: external, or 4 or more
 *    attendees, or organised by someone other than the user. investor: investor words in the title
 *    (investor, board meeting, term sheet, fundraising ...) or an attendee at a venture firm's domain.
 * 4. Frequency: all-meetings keeps every meeting; important-only, external-only and investor-calls
 *    keep the meetings with that trait.
 * 5. Method: a call, a digest mention, or both. A call is due at start minus the timing ("1-day" is
 *    the same wall-clock time the day before in the user's zone, so DST changes do not shift it);
 *    when that moment has passed, the call is due now ("late") unless the meeting starts within
 *    5 minutes. A digest mention goes into the last daily digest (preferred_call_time in the user's
 *    zone) before the meeting, if one comes after now.
 */
export function planMeetingReminders<E extends CalendarEvent>(
  input: PlanMeetingRemindersInput<E>,
): { reminders: PlannedReminder<E>[]; skipped: SkippedMeeting<E>[] } {
  const { preferences, timeZone, now } = input;
  const own = ownership(input.ownEmails);
  const reminders: PlannedReminder<E>[] = [];
  const skipped: SkippedMeeting<E>[] = [];
  const seen = new Set<string>();

  for (const event of [...input.events].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    const key = `${event.title.trim().toLowerCase()}|${event.start.getTime()}`;
    const reason = skipReason(event, now) ?? (seen.has(key) ? "duplicate" : null);
    seen.add(key);
    if (reason) {
      skipped.push({ event, reason });
      continue;
    }
    const traits = meetingTraits(event, own);
    const unwanted = frequencyReason(preferences.meeting_reminder_frequency, traits);
    if (unwanted) {
      skipped.push({ event, reason: unwanted });
      continue;
    }
    const planned: PlannedReminder<E>[] = [];
    let lastMiss: SkipReason | null = null;
    for (const channel of CHANNELS[preferences.meeting_reminder_method]) {
      const due =
        channel === "call"
          ? callTime(event.start, preferences.meeting_reminder_timing, timeZone, now)
          : digestTime(event.start, preferences.preferred_call_time, timeZone, now);
      if ("miss" in due) lastMiss = due.miss;
      else planned.push({ event, channel, remind_at: due.at, late: due.late, traits });
    }
    if (planned.length) reminders.push(...planned);
    else skipped.push({ event, reason: lastMiss ?? "too-soon" });
  }
  reminders.sort(
    (a, b) => a.remind_at.getTime() - b.remind_at.getTime() || a.event.start.getTime() - b.event.start.getTime() || a.channel.localeCompare(b.channel),
  );
  return { reminders, skipped };
}

function skipReason(event: CalendarEvent, now: Date): SkipReason | null {
  if (event.status === "cancelled" || CANCELLED_TITLE.test(event.title)) return "cancelled";
  if (event.self_response === "declined" || DECLINED_TITLE.test(event.title)) return "declined";
  if (event.all_day) return "all-day";
  if (event.start.getTime() <= now.getTime()) return "started";
  return null;
}

type Ownership = { isOwnAddress(email: string): boolean; isInside(email: string): boolean };

function ownership(ownEmails: string[]): Ownership {
  const addresses = new Set(ownEmails.map((e) => e.trim().toLowerCase()).filter(Boolean));
  const companies = new Set(
    [...addresses]
      .map(emailDomain)
      .filter((d) => d && !isPublicMailDomain(d))
      .map(baseDomain),
  );
  return {
    isOwnAddress: (email) => addresses.has(email.toLowerCase()),
    isInside: (email) => {
      const lower = email.toLowerCase();
      if (addresses.has(lower)) return true;
      const domain = emailDomain(lower);
      return domain !== "" && !isPublicMailDomain(domain) && companies.has(baseDomain(domain));
    },
  };
}

/** External, important and investor, as the rules above define them. */
function meetingTraits(event: CalendarEvent, own: Ownership): MeetingTraits {
  const people = [...new Set([...event.attendees, ...(event.organizer_email ? [event.organizer_email] : [])].map((e) => e.toLowerCase()))];
  const external = people.some((p) => !own.isInside(p));
  const important = external || event.attendees.length >= 4 || (event.organizer_email !== null && !own.isOwnAddress(event.organizer_email));
  const investor = INVESTOR_TITLE.test(event.title) || people.some((p) => !own.isInside(p) && isInvestorDomain(emailDomain(p)));
  return { external, important, investor };
}

function isInvestorDomain(domain: string): boolean {
  return INVESTOR_TLD.test(domain) || INVESTOR_NAME.test(baseDomain(domain).split(".")[0]!);
}

function frequencyReason(frequency: ReminderPreferences["meeting_reminder_frequency"], traits: MeetingTraits): SkipReason | null {
  if (frequency === "important-only" && !traits.important) return "not-important";
  if (frequency === "external-only" && !traits.external) return "not-external";
  if (frequency === "investor-calls" && !traits.investor) return "not-investor";
  return null;
}

type Due = { at: Date; late: boolean } | { miss: SkipReason };

function callTime(start: Date, timing: ReminderPreferences["meeting_reminder_timing"], timeZone: string, now: Date): Due {
  let ideal: Date;
  if (timing === "1-day") {
    const w = wallTime(start, timeZone);
    ideal = zonedTimeToUtc({ ...addDays(w, -1), hour: w.hour, minute: w.minute, second: w.second }, timeZone);
  } else {
    ideal = new Date(start.getTime() - TIMING_MS[timing]);
  }
  if (ideal.getTime() >= now.getTime()) return { at: ideal, late: false };
  if (start.getTime() - now.getTime() >= MIN_LEAD_MS) return { at: now, late: true };
  return { miss: "too-soon" };
}

/** The last daily digest strictly before the meeting, if it is still to come. */
function digestTime(start: Date, preferredCallTime: string, timeZone: string, now: Date): Due {
  const { hour, minute } = parseClock(preferredCallTime);
  const day = wallTime(start, timeZone);
  let at = zonedTimeToUtc({ ...day, hour, minute }, timeZone);
  if (at.getTime() >= start.getTime()) at = zonedTimeToUtc({ ...addDays(day, -1), hour, minute }, timeZone);
  return at.getTime() > now.getTime() ? { at, late: false } : { miss: "no-digest-before" };
}
