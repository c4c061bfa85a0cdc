import type { Clock } from "../shared/clock";

/**
 * A rolling-window budget of quota units (Gmail: 15,000 units per user per minute), shared by all
 * requests for one mailbox. `acquire` waits until the units fit; `pause` holds every caller back
 * after the server said "slow down" (429 + Retry-After).
 */
export class QuotaThrottle {
  private readonly entries: { at: number; units: number }[] = [];
  private head = 0;
  private used = 0;
  private blockedUntil = 0;

  constructor(
    private readonly clock: Clock,
    readonly unitsPerWindow: number,
    readonly windowMs = 60_000,
  ) {}

  /** Units spent in the current window (for tests and logs). */
  usage(): number {
    this.prune(this.clock.now());
    return this.used;
  }

  async acquire(units: number): Promise<void> {
    if (units > this.unitsPerWindow) throw new Error(`A request of ${units} units can never fit a budget of ${this.unitsPerWindow}`);
    for (;;) {
      const now = this.clock.now();
      this.prune(now);
      if (now < this.blockedUntil) {
        await this.clock.sleep(this.blockedUntil - now);
        continue;
      }
      if (this.used + units <= this.unitsPerWindow) {
        this.entries.push({ at: now, units });
        this.used += units;
        return;
      }
      await this.clock.sleep(Math.max(1, this.nextRoomAt(units) - now));
    }
  }

  /** Stop all callers for `ms` (server-side throttling answer). */
  pause(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
  }

  private nextRoomAt(units: number): number {
    let excess = this.used + units - this.unitsPerWindow;
    for (let i = this.head; i < this.entries.length; i++) {
      excess -= this.entries[i]!.units;
      if (excess <= 0) return this.entries[i]!.at + this.windowMs;
    }
    return this.clock.now() + this.windowMs;
  }

  private prune(now: number): void {
    while (this.head < this.entries.length && this.entries[this.head]!.at + this.windowMs <= now) {
      this.used -= this.entries[this.head]!.units;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }
}
