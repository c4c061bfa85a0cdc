import type { MailMessageMeta } from "./types";
import { createVars, fill } from "./demo-content";
import { buildDemoSenders, DEMO_ACCOUNT_EMAIL, FIRST_NAMES, type DemoSender } from "./demo-senders";
import { createRandom, hashString } from "../shared/seeded-random";

/** Mail arrives on a fixed grid of 10-minute slots (UTC epoch-anchored): at most one message per slot. */
export const DEMO_SLOT_MS = 10 * 60_000;
/** The mailbox shows the last 90 days. */
export const DEMO_WINDOW_MS = 90 * 86_400_000;

/** Busier in the (UTC) working day, quiet at night: about 3,800 messages per 90 days. */
function arrivalChance(slotStart: number): number {
  const hour = new Date(slotStart).getUTCHours();
  if (hour >= 13 && hour < 23) return 0.42;
  if (hour >= 7 && hour < 13) return 0.3;
  return 0.14;
}

/**
 * A generated mailbox that is a pure function of (seed, time): whether slot `s` holds a message,
 * and everything about it, comes from a PRNG seeded with (seed, s). So two instances agree, new mail
 * keeps "arriving" as the clock passes slot times, and nothing changes between two looks within a minute.
 */
export class DemoMailbox {
  readonly senders: DemoSender[];
  private readonly cumulative: number[];
  private readonly totalWeight: number;

  constructor(readonly seed: string) {
    this.senders = buildDemoSenders(seed);
    let sum = 0;
    this.cumulative = this.senders.map((s) => (sum += s.weight));
    this.totalWeight = sum;
  }

  static slotOf(ms: number): number {
    return Math.floor(ms / DEMO_SLOT_MS);
  }

  /** The arrival time of slot `slot`'s message (whole minutes), or null for an empty slot. */
  arrivalAt(slot: number): number | null {
    const rng = createRandom(`${this.seed}:slot:${slot}`);
    const start = slot * DEMO_SLOT_MS;
    if (!rng.chance(arrivalChance(start))) return null;
    return start + rng.int(DEMO_SLOT_MS / 60_000) * 60_000;
  }

  /** The full message of slot `slot`, or null. Draws in the same order as arrivalAt. */
  messageAt(slot: number): MailMessageMeta | null {
    const rng = createRandom(`${this.seed}:slot:${slot}`);
    const start = slot * DEMO_SLOT_MS;
    if (!rng.chance(arrivalChance(start))) return null;
    const date = new Date(start + rng.int(DEMO_SLOT_MS / 60_000) * 60_000);
    const sender = this.pickSender(rng.next());
    // Urgent templates ("Payment failed", "Term sheet"...) are rare: most draws fall back to a routine one.
    let template = rng.pick(sender.templates);
    const routine = sender.templates.filter((t) => !t.rare);
    if (template.rare && routine.length && !rng.chance(0.2)) template = rng.pick(routine);
    const vars = createVars(rng, rng.pick(FIRST_NAMES));
    const subject = fill(template.subject, vars);
    const snippet = fill(template.snippet, vars);
    const key = `${hashString(this.seed).toString(36)}${slot.toString(36)}`;
    return {
      provider_message_id: `demo-${slot.toString(36)}`,
      thread_id: `thread-${hashString(`${sender.email}|${subject.replace(/^(re|fwd?):\s*/i, "")}`).toString(36)}`,
      from_email: sender.email,
      from_name: sender.name,
      to: DEMO_ACCOUNT_EMAIL,
      subject,
      snippet,
      date,
      headers: sender.headers(rng, key),
      has_calendar: sender.has_calendar,
    };
  }

  /**
   * Messages with `after < date <= until`, newest first, starting below slot `beforeSlot`
   * (exclusive; default: the slot after `until`). Returns where to continue, or null when done.
   */
  scan(after: number, until: number, limit: number, beforeSlot?: number): { messages: MailMessageMeta[]; nextBeforeSlot: number | null } {
    const messages: MailMessageMeta[] = [];
    const lowest = DemoMailbox.slotOf(after);
    for (let slot = beforeSlot ?? DemoMailbox.slotOf(until) + 1; --slot >= lowest;) {
      const at = this.arrivalAt(slot);
      if (at === null || at <= after || at > until) continue;
      messages.push(this.messageAt(slot)!);
      if (messages.length >= limit) return { messages, nextBeforeSlot: slot > lowest ? slot : null };
    }
    return { messages, nextBeforeSlot: null };
  }

  /** How many messages `after < date <= until` (for progress estimates). */
  count(after: number, until: number): number {
    let n = 0;
    for (let slot = DemoMailbox.slotOf(after); slot <= DemoMailbox.slotOf(until); slot++) {
      const at = this.arrivalAt(slot);
      if (at !== null && at > after && at <= until) n++;
    }
    return n;
  }

  private pickSender(u: number): DemoSender {
    const target = u * this.totalWeight;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.senders[lo]!;
  }
}
