import type { AnsweredBy, CallOutcome, ProviderCallStatus } from "@/lib/schemas/enums";

// Carrier statuses in the order a call moves through them; every ending shares the last rank.
const RANK: Record<ProviderCallStatus, number> = {
  queued: 0,
  initiated: 1,
  ringing: 2,
  "in-progress": 3,
  completed: 4,
  busy: 4,
  "no-answer": 4,
  canceled: 4,
  failed: 4,
};

export function isTerminalProviderStatus(status: ProviderCallStatus | null | undefined): boolean {
  return status != null && RANK[status] === 4;
}

/**
 * Whether a callback's status may replace the stored one: only forward, and an ending never moves.
 * Callbacks are at-least-once and unordered, so a late `ringing` after `completed` changes nothing.
 */
export function isStatusAdvance(current: ProviderCallStatus | null | undefined, next: ProviderCallStatus): boolean {
  if (current == null) return true;
  if (isTerminalProviderStatus(current)) return false;
  return RANK[next] > RANK[current];
}

/** Twilio's AnsweredBy (human, machine_start, machine_end_beep, machine_end_silence, machine_end_other, fax, unknown). */
export function answeredByOf(value: string | null | undefined): AnsweredBy | null {
  if (!value) return null;
  if (value === "human") return "human";
  if (value.startsWith("machine") || value === "fax") return "machine";
  return "unknown";
}

/** How an attempt ended, for people; null while it has not ended. */
export function outcomeOf(status: ProviderCallStatus | null | undefined, answeredBy: AnsweredBy | null | undefined): CallOutcome | null {
  switch (status) {
    case "completed":
      return answeredBy === "machine" ? "voicemail" : "answered";
    case "busy":
      return "busy";
    case "no-answer":
      return "no-answer";
    case "failed":
    case "canceled":
      return "failed";
    default:
      return null;
  }
}

/** Outcomes worth another attempt: nobody took the call. */
export function isRetryableOutcome(outcome: CallOutcome | null): boolean {
  return outcome === "no-answer" || outcome === "busy" || outcome === "failed";
}

/** Parse a carrier's CallStatus; anything unknown is null (and ignored). */
export function parseProviderStatus(value: string | null | undefined): ProviderCallStatus | null {
  return value && value in RANK ? (value as ProviderCallStatus) : null;
}
