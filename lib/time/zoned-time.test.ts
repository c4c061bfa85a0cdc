import { describe, expect, it } from "vitest";
import { nextDailyOccurrence, wallTime, zonedTimeToUtc } from "./zoned-time";

describe("zonedTimeToUtc", () => {
  it("converts ordinary wall times both sides of a DST change", () => {
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 7, hour: 9, minute: 0 }, "America/New_York").toISOString()).toBe("2026-03-07T14:00:00.000Z");
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 9, hour: 9, minute: 0 }, "America/New_York").toISOString()).toBe("2026-03-09T13:00:00.000Z");
    expect(zonedTimeToUtc({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, "Asia/Kolkata").toISOString()).toBe("2026-07-01T03:30:00.000Z");
  });

  it("moves a skipped time forward by the jump and picks the first of a repeated time", () => {
    // New York springs forward at 02:00 on 2026-03-08: 02:30 does not exist -> 03:30 EDT.
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, "America/New_York").toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // London falls back at 02:00 BST on 2026-10-25: 01:30 happens twice -> the BST one (00:30Z).
    expect(zonedTimeToUtc({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, "Europe/London").toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("round-trips through wallTime", () => {
    const at = zonedTimeToUtc({ year: 2026, month: 12, day: 31, hour: 23, minute: 59 }, "Pacific/Auckland");
    expect(wallTime(at, "Pacific/Auckland")).toMatchObject({ year: 2026, month: 12, day: 31, hour: 23, minute: 59 });
  });
});

describe("nextDailyOccurrence", () => {
  it("is later today when the time has not passed, tomorrow otherwise", () => {
    const now = new Date("2026-06-10T06:00:00Z"); // 08:00 in Paris
    expect(nextDailyOccurrence("09:00", "Europe/Paris", now).toISOString()).toBe("2026-06-10T07:00:00.000Z");
    expect(nextDailyOccurrence("07:30", "Europe/Paris", now).toISOString()).toBe("2026-06-11T05:30:00.000Z");
  });

  it("keeps the local time across the spring-forward night", () => {
    const saturdayEvening = new Date("2026-03-07T23:00:00Z"); // 18:00 EST
    expect(nextDailyOccurrence("09:00", "America/New_York", saturdayEvening).toISOString()).toBe("2026-03-08T13:00:00.000Z");
  });
});
