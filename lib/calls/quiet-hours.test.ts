import { describe, expect, it } from "vitest";
import { quietHoursEndAt } from "./quiet-hours";

const NIGHT = { quiet_hours_start: "21:00", quiet_hours_end: "08:00" };

describe("quietHoursEndAt", () => {
  it("is null outside the window and when start equals end", () => {
    expect(quietHoursEndAt(NIGHT, "America/New_York", new Date("2026-06-10T16:00:00Z"))).toBeNull(); // 12:00 EDT
    expect(quietHoursEndAt({ quiet_hours_start: "08:00", quiet_hours_end: "08:00" }, "UTC", new Date("2026-06-10T03:00:00Z"))).toBeNull();
  });

  it("spans midnight: the end is the next 08:00 local, today or tomorrow", () => {
    expect(quietHoursEndAt(NIGHT, "America/New_York", new Date("2026-06-10T02:00:00Z"))?.toISOString()).toBe("2026-06-10T12:00:00.000Z"); // 22:00 EDT
    expect(quietHoursEndAt(NIGHT, "America/New_York", new Date("2026-06-10T09:00:00Z"))?.toISOString()).toBe("2026-06-10T12:00:00.000Z"); // 05:00 EDT
    expect(quietHoursEndAt(NIGHT, "America/New_York", new Date("2026-06-10T12:00:00Z"))).toBeNull(); // 08:00 sharp: over
  });

  it("a window within one day (a nap 13:00-15:00)", () => {
    const nap = { quiet_hours_start: "13:00", quiet_hours_end: "15:00" };
    expect(quietHoursEndAt(nap, "Europe/Berlin", new Date("2026-06-10T11:30:00Z"))?.toISOString()).toBe("2026-06-10T13:00:00.000Z");
    expect(quietHoursEndAt(nap, "Europe/Berlin", new Date("2026-06-10T14:00:00Z"))).toBeNull();
  });

  it("moves with the clocks across DST changes in both directions", () => {
    // New York springs forward on 2026-03-08: 01:30 EST, quiet hours end at 08:00 EDT (12:00 UTC, not 13:00).
    expect(quietHoursEndAt(NIGHT, "America/New_York", new Date("2026-03-08T06:30:00Z"))?.toISOString()).toBe("2026-03-08T12:00:00.000Z");
    // It falls back on 2026-11-01: 01:30 EDT, they end at 08:00 EST (13:00 UTC).
    expect(quietHoursEndAt(NIGHT, "America/New_York", new Date("2026-11-01T05:30:00Z"))?.toISOString()).toBe("2026-11-01T13:00:00.000Z");
    // Berlin springs forward on 2026-03-29: 00:30 CET, 07:00 CEST is 05:00 UTC.
    const berlin = { quiet_hours_start: "22:00", quiet_hours_end: "07:00" };
    expect(quietHoursEndAt(berlin, "Europe/Berlin", new Date("2026-03-28T23:30:00Z"))?.toISOString()).toBe("2026-03-29T05:00:00.000Z");
    // An end inside the skipped hour (02:30 does not exist that night) comes when the clocks show 03:30.
    const odd = { quiet_hours_start: "23:00", quiet_hours_end: "02:30" };
    expect(quietHoursEndAt(odd, "America/New_York", new Date("2026-03-08T05:00:00Z"))?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
  });
});
