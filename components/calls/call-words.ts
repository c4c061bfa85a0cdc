import type { AnsweredBy, CallOutcome, ProviderCallStatus, SpeechEngine } from "@/lib/schemas/enums";
import type { PhoneSetup } from "@/lib/phone-setup/get-phone-setup";
import type { CallDto } from "@/lib/schemas/calls";

/*
 * What a call is doing or did, in words a person reads at a glance. Pure: the pages pass a time
 * formatter in the user's zone, so the same words come out on the server and in tests.
 */

export type CallSummaryTone = "live" | "good" | "bad" | "muted";
export type CallSummary = {
  /** A few words for lists and badges ("Ringing…", "Voicemail left", "Busy"). */
  headline: string;
  /** The whole story for the call's own page ("No answer — trying again at 9:03 AM"). */
  sentence: string;
  tone: CallSummaryTone;
  /** The call may still change: the page keeps itself fresh. */
  live: boolean;
};

type CallView = Pick<CallDto, "status" | "provider_status" | "answered_by" | "outcome" | "attempts" | "attempt_log" | "next_attempt_at" | "error">;

/** How often a page showing a live call reads it again (SSE replaces this polling later). */
export const LIVE_REFRESH_MS = 2000;
/** A call waiting long (quiet hours, a retry minutes away) is read again less often. */
export const WAITING_REFRESH_MS = 30_000;
const SOON_MS = 2 * 60_000;

/**
 * How often a page showing these calls should re-read them: every 2 s while one is being placed, rings
 * or talks (or is about to), every 30 s while the only live ones wait for quiet hours or a later retry,
 * and never (null) when every call is over.
 */
export function refreshEveryMs(calls: Pick<CallDto, "status" | "next_attempt_at">[], now = Date.now()): number | null {
  const live = calls.filter(isLiveCall);
  if (!live.length) return null;
  const busy = live.some((c) => c.status === "in-progress" || !c.next_attempt_at || Date.parse(c.next_attempt_at) - now < SOON_MS);
  return busy ? LIVE_REFRESH_MS : WAITING_REFRESH_MS;
}

export const NOT_DIALLED_SENTENCE = "Not dialled — no phone line is configured on this server: nothing rang";

export function isLiveCall(call: Pick<CallDto, "status">): boolean {
  return call.status === "scheduled" || call.status === "in-progress";
}

// Why an attempt is being tried again (the last attempt's outcome).
const RETRY_REASON: Partial<Record<CallOutcome, string>> = { "no-answer": "No answer", busy: "Busy", failed: "The call did not go through" };
const ENDED_HEADLINE: Partial<Record<CallOutcome, string>> = { busy: "Busy", "no-answer": "No answer", "not-dialled": "Not dialled" };

/** The call's state in words: waiting, dialling, ringing, on the call, and how it ended. */
export function describeCall(call: CallView, time: (iso: string) => string): CallSummary {
  const live = isLiveCall(call);
  if (call.status === "scheduled") {
    if (call.next_attempt_at && call.attempts > 0) {
      const last = call.attempt_log.at(-1)?.outcome ?? null;
      const why = (last && RETRY_REASON[last]) ?? "Not reached";
      return { headline: `${why} — retrying`, sentence: `${why} — trying again at ${time(call.next_attempt_at)}`, tone: "live", live };
    }
    if (call.next_attempt_at) {
      return {
        headline: "Waiting for quiet hours",
        sentence: `Waiting for your quiet hours to end — calling at ${time(call.next_attempt_at)}`,
        tone: "live",
        live,
      };
    }
    return { headline: "About to be placed", sentence: "About to be placed", tone: "live", live };
  }
  if (call.status === "in-progress") {
    const attempt = call.attempts > 1 ? ` (attempt ${call.attempts})` : "";
    switch (call.provider_status) {
      case "ringing":
        return { headline: "Ringing…", sentence: `Ringing${attempt}…`, tone: "live", live };
      case "in-progress":
        return call.answered_by === "machine"
          ? { headline: "Leaving a voicemail…", sentence: "An answering machine picked up: leaving a short voicemail…", tone: "live", live }
          : { headline: "On the call", sentence: `On the call now${attempt}`, tone: "live", live };
      case "completed":
      case "busy":
      case "no-answer":
      case "canceled":
      case "failed":
        return { headline: "Wrapping up…", sentence: "The call ended; PookAi is recording how it went…", tone: "live", live };
      default:
        return { headline: "Dialling…", sentence: `Dialling${attempt}…`, tone: "live", live };
    }
  }
  if (call.status === "completed") {
    switch (call.outcome) {
      case "not-dialled":
        return { headline: "Not dialled", sentence: NOT_DIALLED_SENTENCE, tone: "muted", live };
      case "voicemail":
        return { headline: "Voicemail left", sentence: "Voicemail left: an answering machine picked up", tone: "good", live };
      case "answered":
        return { headline: "Answered", sentence: "Answered", tone: "good", live };
      default:
        return { headline: "Completed", sentence: "Completed", tone: "good", live };
    }
  }
  const why = call.error ?? "no reason was recorded";
  if (call.outcome === "not-dialled") return { headline: "Not dialled", sentence: `Not dialled: ${why}`, tone: "muted", live };
  const headline = (call.outcome && ENDED_HEADLINE[call.outcome]) ?? "Failed";
  return { headline, sentence: `Failed: ${why}`, tone: "bad", live };
}

const CARRIER_STATUS: Record<ProviderCallStatus, string> = {
  queued: "Queued",
  initiated: "Dialling",
  ringing: "Ringing",
  "in-progress": "Answered, in progress",
  completed: "Completed",
  busy: "Busy",
  "no-answer": "No answer",
  canceled: "Cancelled",
  failed: "Failed",
};

/** One attempt's carrier status; a console attempt says plainly that nothing was dialled. */
export function carrierStatusWords(status: ProviderCallStatus | null, outcome: CallOutcome | null): string {
  if (outcome === "not-dialled") return "Not dialled";
  return status ? CARRIER_STATUS[status] : "Waiting for the carrier";
}

const ANSWERED_BY: Record<AnsweredBy, string> = { human: "A person", machine: "Answering machine", unknown: "Could not tell" };

export function answeredByWords(answeredBy: AnsweredBy | null): string {
  return answeredBy ? ANSWERED_BY[answeredBy] : "—";
}

export const SPEECH_ENGINE_WORDS: Record<SpeechEngine, string> = { openai: "OpenAI speech", "twilio-say": "Twilio's built-in neural voice" };

/** Who speaks on this server's calls, or that nothing is dialled at all. */
export function phoneLineWords(setup: Pick<PhoneSetup, "dials" | "speech_engine">): string {
  if (!setup.dials) return "No phone line is configured on this server: nothing is dialled, and each call is recorded here with its script.";
  return setup.speech_engine === "openai"
    ? "OpenAI speech reads your calls (Twilio's built-in neural voice takes over if it fails)."
    : "Twilio's built-in neural voice reads your calls.";
}

export const PHONE_STATE_WORDS: Record<PhoneSetup["phone_state"], string> = {
  "not-needed": "Not needed on this server",
  none: "No phone number",
  unconfirmed: "Not confirmed",
  confirmed: "Confirmed ✓",
};

export const PHONE_STATE_STYLE: Record<PhoneSetup["phone_state"], string> = {
  "not-needed": "bg-slate-100 text-slate-700 ring-slate-300",
  none: "bg-amber-50 text-amber-900 ring-amber-200",
  unconfirmed: "bg-amber-50 text-amber-900 ring-amber-200",
  confirmed: "bg-emerald-50 text-emerald-800 ring-emerald-200",
};

const COMMAND_WORDS: Record<string, string> = {
  next: "Went on to the next item",
  "remind-later": "Moved this email to your next digest",
  "keep-quiet": "Moved this sender to “Keep quiet”",
  repeat: "Read it again",
  goodbye: "Ended the call",
  none: "Nothing to do",
  "not-understood": "Did not understand; asked again",
  "confirm-phone": "Confirmed your phone number",
  "confirm-phone-refused": "Could not confirm (the code expired or the number changed)",
};

/** What PookAi did about a key pressed or a phrase spoken. */
export function commandWords(action: string): string {
  return COMMAND_WORDS[action] ?? action;
}

export type TranscriptLine = { speaker: "PookAi" | "You" | "Carrier" | null; qualifier: string | null; text: string };

/** The stored transcript as lines of dialogue ("PookAi: …", "You: …"); other lines are notes. */
export function parseTranscript(transcript: string | null): TranscriptLine[] {
  if (!transcript) return [];
  return transcript
    .split("\n")
    .filter((l) => l.trim())
    .map((line) => {
      const m = /^(PookAi|You|Carrier)(?: \(([^)]{1,40})\))?: (.*)$/.exec(line);
      return m ? { speaker: m[1] as TranscriptLine["speaker"], qualifier: m[2] ?? null, text: m[3] ?? "" } : { speaker: null, qualifier: null, text: line };
    });
}

/** "1 min 5 s", "42 s", or "—". */
export function durationWords(seconds: number | null): string {
  if (seconds == null) return "—";
  if (seconds < 60) return `${seconds} s`;
  const s = seconds % 60;
  return `${Math.floor(seconds / 60)} min${s ? ` ${s} s` : ""}`;
}
