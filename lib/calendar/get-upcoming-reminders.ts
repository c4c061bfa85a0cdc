import { getPreferences } from "@/lib/preferences/get-preferences";
import type { UpcomingRemindersDto } from "@/lib/schemas/calendar";
import { listUpcomingEvents } from "./list-upcoming-events";
import { planMeetingReminders } from "./plan-meeting-reminders";
import { serializeCalendarEvent } from "./serialize-calendar-event";

/**
 * The meeting reminders PookAi will give in the next `days_ahead` days: the user's upcoming meetings
 * from every connected calendar, run through planMeetingReminders with their preferences. The
 * user's own addresses are their login and every connected calendar account.
 */
export async function getUpcomingReminders(
  user: { id: string; email: string; timezone: string },
  options: { days_ahead: number; now?: Date },
): Promise<UpcomingRemindersDto> {
  const now = options.now ?? new Date();
  const [upcoming, preferences] = await Promise.all([listUpcomingEvents(user, { days_ahead: options.days_ahead, now }), getPreferences(user.id)]);
  const { reminders, skipped } = planMeetingReminders({
    events: upcoming.events,
    preferences,
    ownEmails: [user.email, ...upcoming.calendars.map((c) => c.account_email)],
    timeZone: user.timezone,
    now,
  });
  return {
    preferences: {
      meeting_reminder_timing: preferences.meeting_reminder_timing,
      meeting_reminder_frequency: preferences.meeting_reminder_frequency,
      meeting_reminder_method: preferences.meeting_reminder_method,
      preferred_call_time: preferences.preferred_call_time,
      timezone: user.timezone,
    },
    reminders: reminders.map((r) => ({
      event: serializeCalendarEvent(r.event),
      channel: r.channel,
      remind_at: r.remind_at.toISOString(),
      late: r.late,
      ...r.traits,
    })),
    skipped: skipped.map((s) => ({ event: serializeCalendarEvent(s.event), reason: s.reason })),
    partial: upcoming.partial,
    calendars: upcoming.calendars,
  };
}
