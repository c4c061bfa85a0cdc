/** Wall-clock parts of an instant in an IANA zone. */
export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function wallTime(date: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(date)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** Offset of the zone from UTC at an instant, in minutes (Europe/Paris in summer: +120). */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  const w = wallTime(date, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the zone's clocks show this wall time. A time skipped by a DST jump
 * (02:30 on a spring-forward night) moves forward by the jump (03:30); a time that happens twice
 * (fall-back) resolves to the first occurrence.
 */
export function zonedTimeToUtc(w: Omit<WallTime, "second"> & { second?: number }, timeZone: string): Date {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0);
  // Candidates from the offsets in force a day either side cover every real-world transition.
  const offsets = new Set([-1, 0, 1].map((d) => zoneOffsetMinutes(new Date(naive + d * 86_400_000), timeZone)));
  const matches = [...offsets]
    .map((off) => naive - off * 60_000)
    .filter((t) => {
      const back = wallTime(new Date(t), timeZone);
      return back.year === w.year && back.month === w.month && back.day === w.day && back.hour === w.hour && back.minute === w.minute;
    })
    .sort((a, b) => a - b);
  if (matches.length) return new Date(matches[0]!);
  // In a gap: use the offset from before the jump, which lands after it by the jump's length.
  const before = zoneOffsetMinutes(new Date(naive - 86_400_000), timeZone);
  return new Date(naive - before * 60_000);
}

/** "HH:MM" as hours and minutes. */
export function parseClock(hhmm: string): { hour: number; minute: number } {
  const [h, m] = hhmm.split(":").map(Number);
  return { hour: h!, minute: m! };
}

/** The calendar day after `w`'s (month and year roll over correctly). */
export function addDays(w: Pick<WallTime, "year" | "month" | "day">, days: number): Pick<WallTime, "year" | "month" | "day"> {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The first instant strictly after `after` when the zone's clocks show `hhmm`. */
export function nextDailyOccurrence(hhmm: string, timeZone: string, after: Date): Date {
  const { hour, minute } = parseClock(hhmm);
  const today = wallTime(after, timeZone);
  for (let d = 0; d < 3; d++) {
    const day = addDays(today, d);
    const at = zonedTimeToUtc({ ...day, hour, minute }, timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error("unreachable: a daily time always occurs within three days");
}
