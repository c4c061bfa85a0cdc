import { describe, expect, it } from "vitest";
import { createManualClock } from "@/tests/fakes/manual-clock";
import { ConcurrencyLimiter, mapConcurrent } from "../shared/concurrency-limiter";
import { QuotaThrottle } from "./quota-throttle";
import { backoffMs, parseRetryAfter } from "../shared/retry-after";

describe("QuotaThrottle", () => {
  it("never lets more than the budget through in any rolling window", async () => {
    const clock = createManualClock(0);
    const throttle = new QuotaThrottle(clock, 100, 60_000);
    const grants: number[] = [];
    for (let i = 0; i < 50; i++) {
      await throttle.acquire(5);
      grants.push(clock.now());
    }
    // 20 grants fit the first minute; the 21st waits for the first to leave the window.
    expect(grants.slice(0, 20).every((t) => t === 0)).toBe(true);
    expect(grants[20]).toBe(60_000);
    for (let i = 0; i < grants.length; i++) {
      const inWindow = grants.filter((t) => t > grants[i]! - 60_000 && t <= grants[i]!).length;
      expect(inWindow * 5).toBeLessThanOrEqual(100);
    }
  });

  it("holds everyone back after pause()", async () => {
    const clock = createManualClock(1_000);
    const throttle = new QuotaThrottle(clock, 100);
    throttle.pause(7_000);
    await throttle.acquire(1);
    expect(clock.now()).toBe(8_000);
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates, caps and rejects junk", () => {
    expect(parseRetryAfter("7", 0)).toBe(7_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(30_000);
    expect(parseRetryAfter("86400", 0)).toBe(600_000);
    expect(parseRetryAfter("soon", 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
    expect([0, 1, 2, 10].map(backoffMs)).toEqual([1000, 2000, 4000, 32000]);
  });
});

describe("ConcurrencyLimiter", () => {
  it("keeps at most `limit` tasks running and runs them all", async () => {
    const limiter = new ConcurrencyLimiter(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          peak = Math.max(peak, ++running);
          await new Promise((r) => setTimeout(r, 2));
          running--;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it("maps with bounded concurrency in input order", async () => {
    expect(await mapConcurrent([3, 1, 2], 2, async (n) => n * 10)).toEqual([30, 10, 20]);
  });
});
