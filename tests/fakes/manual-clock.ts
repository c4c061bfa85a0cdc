import type { Clock } from "@/lib/providers/shared/clock";

export type ManualClock = Clock & {
  /** Move time forward without anyone sleeping (e.g. "an hour later"). */
  advance(ms: number): void;
  set(ms: number): void;
};

/**
 * Virtual time shared by a provider and a fake server: `sleep` jumps the clock to the sleeper's
 * wake-up time at once (never back), so throttling and Retry-After are exercised without waiting.
 */
export function createManualClock(start = Date.UTC(2025, 0, 15, 12, 0, 0)): ManualClock {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      const wakeAt = now + Math.max(0, ms);
      // Let other virtual "threads" (concurrent requests) run first, as a real timer would; sleepers
      // that started together then wake together instead of adding their waits up.
      await new Promise((resolve) => setImmediate(resolve));
      now = Math.max(now, wakeAt);
    },
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}
