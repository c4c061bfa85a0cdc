import { describe, expect, it } from "vitest";
import { wallTime } from "@/lib/time/zoned-time";
import { DEMO_ACCOUNT_EMAIL } from "../mail/demo-senders";
import { DemoCalendarProvider } from "./demo";

const DAY = 86_400_000;
const FROM = new Date(Date.UTC(2026, 2, 2, 6)); // Monday 2 March 2026, 06:00 UTC
const TO = new Date(FROM.getTime() + 35 * DAY);
const domain = (email: string) => email.split("@")[1];

describe("DemoCalendarProvider", () => {
  it("is deterministic: same seed and window, same events; another seed, other events", async () => {
    const a = await new DemoCalendarProvider({ seed: "s1", timezone: "Europe/Berlin" }).listEvents(FROM, TO);
    const b = await new DemoCalendarProvider({ seed: "s1", timezone: "Europe/Berlin" }).listEvents(FROM, TO);
    const c = await new DemoCalendarProvider({ seed: "s2", timezone: "Europe/Berlin" }).listEvents(FROM, TO);
    expect(a).toEqual(b);
    expect(c.map((e) => e.title)).not.toEqual(a.map((e) => e.title));
  });

  it("looks like a founder's five weeks: stand-ups, 1:1s, customer calls with outsiders, an investor update, all-day days, a declined pitch", async () => {
    const events = await new DemoCalendarProvider({ timezone: "America/New_York" }).listEvents(FROM, TO);
    const titled = (re: RegExp) => events.filter((e) => re.test(e.title));
    expect(titled(/^Daily stand-up$/)).toHaveLength(25);
    expect(titled(/^1:1/).length).toBeGreaterThanOrEqual(8);
    expect(titled(/^Monthly investor update$/).length).toBeGreaterThanOrEqual(1);
    const customer = events.filter((e) =>
      e.attendees.some((a) =>
        [
          "globex.com",
          "initech.io",
          "acmelogistics.com",
          "umbrellahealth.org",
          "starkfreight.com",
          "wayneretail.com",
          "soylentfoods.com",
          "hooli.xyz",
          "cyberdyne.ai",
          "piedpiper.net",
          "vandelay.com",
          "oscorp.io",
        ].includes(domain(a)!),
      ),
    );
    expect(customer.length).toBeGreaterThanOrEqual(10);
    expect(customer.every((e) => e.meeting_url?.startsWith("https://"))).toBe(true);
    expect(events.some((e) => e.all_day)).toBe(true);
    expect(events.some((e) => e.self_response === "declined")).toBe(true);
    expect(events.every((e) => e.attendees.length === 0 || e.attendees.includes(DEMO_ACCOUNT_EMAIL))).toBe(true);
    // Working hours in the user's own zone, whatever UTC says.
    for (const e of events.filter((x) => !x.all_day)) {
      const local = wallTime(e.start, "America/New_York");
      expect(local.hour).toBeGreaterThanOrEqual(9);
      expect(local.hour).toBeLessThan(18);
    }
    // Nobody is double-booked (declined invitations aside).
    const timed = events.filter((e) => !e.all_day && e.self_response !== "declined");
    for (let i = 1; i < timed.length; i++)
      expect(timed[i]!.start.getTime(), `${timed[i - 1]!.title} overlaps ${timed[i]!.title}`).toBeGreaterThanOrEqual(timed[i - 1]!.end.getTime());
    expect(
      titled(/^Daily stand-up$/).every((e) => wallTime(e.start, "America/New_York").hour === 9 && wallTime(e.start, "America/New_York").minute === 30),
    ).toBe(true);
  });

  it("returns only the window, sorted, with ids that stay the same whichever window asks", async () => {
    const provider = new DemoCalendarProvider({ timezone: "Asia/Tokyo" });
    const mid = new Date(FROM.getTime() + 10 * DAY + 3 * 3600_000);
    const whole = await provider.listEvents(FROM, TO);
    const halves = [...(await provider.listEvents(FROM, mid)), ...(await provider.listEvents(mid, TO))];
    expect(whole.every((e) => e.start < TO && e.end > FROM)).toBe(true);
    expect(whole.map((e) => e.start.getTime())).toEqual([...whole.map((e) => e.start.getTime())].sort((x, y) => x - y));
    expect(new Set(whole.map((e) => e.provider_event_id)).size).toBe(whole.length);
    // An event spanning the cut appears in both halves; otherwise the halves are the whole.
    expect([...new Set(halves.map((e) => e.provider_event_id))].sort()).toEqual(whole.map((e) => e.provider_event_id).sort());
    expect(await provider.verify()).toEqual({ account_email: DEMO_ACCOUNT_EMAIL });
  });
});
