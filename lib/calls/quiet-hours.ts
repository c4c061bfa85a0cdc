import { nextDailyOccurrence, parseClock, wallTime } from "@/lib/time/zoned-time";

export type QuietHours = { quiet_hours_start: string; quiet_hours_end: string };

/**
 * When the user's quiet hours end, if `now` falls inside them (local times in `timeZone`, the window
 * may span midnight: 21:00–08:00), else null. Equal start and end mean no quiet hours. The end is the
 * next instant the zone's clocks show it, so a DST change moves it with the clocks.
 */
export function quietHoursEndAt(prefs: QuietHours, timeZone: string, now: Date): Date | null {
  const start = parseClock(prefs.quiet_hours_start);
  const end = parseClock(prefs.quiet_hours_end);
  const s = start.hour * 60 + start.minute;
  const e = end.hour * 60 + end.minute;
  if (s === e) return null;
  const local = wallTime(now, timeZone);
  const m = local.hour * 60 + local.minute;
  const inside = s < e ? m >= s && m < e : m >= s || m < e;
  return inside ? nextDailyOccurrence(prefs.quiet_hours_end, timeZone, now) : null;
}
