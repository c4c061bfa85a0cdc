import { z } from "zod";
import { isIanaTimeZone } from "@/lib/schemas/common";
import { addDays, wallTime } from "@/lib/time/zoned-time";
import { DEMO_ACCOUNT_EMAIL } from "../mail/demo-senders";
import { DemoCalendar } from "./demo-calendar";
import { byStart, type CalendarEvent, type CalendarProvider } from "./types";

export const DEMO_CALENDAR_DEFAULT_SEED = "pookai-demo";

export const demoCalendarCredentialsSchema = z.object({
  seed: z.string().min(1).max(200).optional(),
  /** The user's zone at connect time: the demo's working hours are theirs. */
  timezone: z.string().refine(isIanaTimeZone).optional(),
});

export type DemoCalendarOptions = z.infer<typeof demoCalendarCredentialsSchema>;

/**
 * The demo calendar needs no credentials: the generated calendar of `seed` in the user's zone. It has
 * events on every date, so whatever window the caller asks for (now onwards) is as full as a real one.
 */
export class DemoCalendarProvider implements CalendarProvider {
  readonly name = "demo" as const;
  private readonly calendar: DemoCalendar;

  constructor(options: DemoCalendarOptions = {}) {
    this.calendar = new DemoCalendar(options.seed ?? DEMO_CALENDAR_DEFAULT_SEED, options.timezone ?? "UTC");
  }

  async verify(): Promise<{ account_email: string }> {
    return { account_email: DEMO_ACCOUNT_EMAIL };
  }

  async listEvents(from: Date, to: Date): Promise<CalendarEvent[]> {
    const out: CalendarEvent[] = [];
    // From the day before (an event started yesterday may still run) to the last day of the window.
    let day = addDays(wallTime(from, this.calendar.timeZone), -1);
    const last = wallTime(to, this.calendar.timeZone);
    const lastKey = Date.UTC(last.year, last.month - 1, last.day);
    while (Date.UTC(day.year, day.month - 1, day.day) <= lastKey) {
      for (const event of this.calendar.eventsOn(day)) {
        if (event.start.getTime() < to.getTime() && event.end.getTime() > from.getTime()) out.push(event);
      }
      day = addDays(day, 1);
    }
    return out.sort(byStart);
  }
}
