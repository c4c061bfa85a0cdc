import { describe, expect, it } from "vitest";
import { carrierStatusWords, describeCall, durationWords, parseTranscript, phoneLineWords, refreshEveryMs } from "@/components/calls/call-words";
import type { CallDto } from "@/lib/schemas/calls";

type View = Parameters<typeof describeCall>[0];
const base: View = {
  status: "scheduled",
  provider_status: null,
  answered_by: null,
  outcome: null,
  attempts: 0,
  attempt_log: [],
  next_attempt_at: null,
  error: null,
};
const attempt = (n: number, outcome: CallDto["attempt_log"][number]["outcome"]): CallDto["attempt_log"][number] => ({
  attempt: n,
  status: outcome === "busy" ? "busy" : "no-answer",
  answered_by: null,
  outcome,
  dial_started_at: "2026-03-10T09:00:00.000Z",
  answered_at: null,
  ended_at: "2026-03-10T09:00:20.000Z",
  duration_seconds: 0,
  error: null,
});
const time = (iso: string) => `<${iso.slice(11, 16)}>`;

describe("describeCall", () => {
  it("says why a scheduled call waits: quiet hours, a retry after no answer or busy, or nothing", () => {
    expect(describeCall(base, time)).toMatchObject({ headline: "About to be placed", live: true });
    expect(describeCall({ ...base, next_attempt_at: "2026-03-11T07:00:00.000Z" }, time).sentence).toBe(
      "Waiting for your quiet hours to end — calling at <07:00>",
    );
    const retry = { ...base, attempts: 1, next_attempt_at: "2026-03-10T09:03:00.000Z", attempt_log: [attempt(1, "no-answer")] };
    expect(describeCall(retry, time)).toMatchObject({ headline: "No answer — retrying", sentence: "No answer — trying again at <09:03>", tone: "live" });
    const busy = { ...retry, attempts: 2, attempt_log: [attempt(1, "no-answer"), attempt(2, "busy")] };
    expect(describeCall(busy, time).sentence).toBe("Busy — trying again at <09:03>");
  });

  it("follows a live call through dialling, ringing, answered and a voicemail", () => {
    const live = { ...base, status: "in-progress" as const, attempts: 1 };
    expect(describeCall(live, time).headline).toBe("Dialling…");
    expect(describeCall({ ...live, provider_status: "queued" }, time).headline).toBe("Dialling…");
    expect(describeCall({ ...live, provider_status: "ringing", attempts: 2 }, time).sentence).toBe("Ringing (attempt 2)…");
    expect(describeCall({ ...live, provider_status: "in-progress", answered_by: "human" }, time).headline).toBe("On the call");
    expect(describeCall({ ...live, provider_status: "in-progress", answered_by: "machine" }, time).headline).toBe("Leaving a voicemail…");
    expect(describeCall({ ...live, provider_status: "completed" }, time)).toMatchObject({ headline: "Wrapping up…", live: true });
  });

  it("says how a call ended, and never that a phone rang when nothing was dialled", () => {
    const done = { ...base, status: "completed" as const, attempts: 1 };
    expect(describeCall({ ...done, outcome: "answered" }, time)).toMatchObject({ headline: "Answered", tone: "good", live: false });
    expect(describeCall({ ...done, outcome: "voicemail" }, time).headline).toBe("Voicemail left");
    expect(describeCall({ ...done, outcome: "not-dialled" }, time)).toMatchObject({
      headline: "Not dialled",
      sentence: "Not dialled — no phone line is configured on this server: nothing rang",
      tone: "muted",
    });
    const failed = { ...base, status: "failed" as const, attempts: 3 };
    expect(describeCall({ ...failed, outcome: "busy", error: "Not reached after 3 attempts: the line was busy." }, time)).toMatchObject({
      headline: "Busy",
      sentence: "Failed: Not reached after 3 attempts: the line was busy.",
      tone: "bad",
    });
    expect(describeCall({ ...failed, outcome: "failed", error: "The phone carrier refused the call: invalid number" }, time).sentence).toBe(
      "Failed: The phone carrier refused the call: invalid number",
    );
    expect(describeCall({ ...failed, attempts: 0, outcome: "not-dialled", error: "Cancelled by you." }, time)).toMatchObject({
      headline: "Not dialled",
      sentence: "Not dialled: Cancelled by you.",
    });
    expect(describeCall({ ...failed, outcome: null, error: null }, time).sentence).toBe("Failed: no reason was recorded");
  });
});

describe("call words", () => {
  it("parses the transcript into PookAi's and the caller's lines, keeping notes apart", () => {
    const lines = parseTranscript(
      "Not dialled: no phone line is configured on this server (console voice provider).\nPookAi (not dialled): Hi Alex.\nYou: pressed 1\nPookAi: Goodbye.\n",
    );
    expect(lines).toEqual([
      { speaker: null, qualifier: null, text: "Not dialled: no phone line is configured on this server (console voice provider)." },
      { speaker: "PookAi", qualifier: "not dialled", text: "Hi Alex." },
      { speaker: "You", qualifier: null, text: "pressed 1" },
      { speaker: "PookAi", qualifier: null, text: "Goodbye." },
    ]);
    expect(parseTranscript(null)).toEqual([]);
  });

  it("names the carrier status, the duration and the speech engine in words", () => {
    expect(carrierStatusWords("completed", "not-dialled")).toBe("Not dialled");
    expect(carrierStatusWords("no-answer", "no-answer")).toBe("No answer");
    expect(carrierStatusWords(null, null)).toBe("Waiting for the carrier");
    expect([durationWords(null), durationWords(42), durationWords(60), durationWords(65)]).toEqual(["—", "42 s", "1 min", "1 min 5 s"]);
    expect(phoneLineWords({ dials: false, speech_engine: "twilio-say" })).toMatch(/^No phone line is configured on this server: nothing is dialled/);
    expect(phoneLineWords({ dials: true, speech_engine: "openai" })).toMatch(/^OpenAI speech reads your calls/);
    expect(phoneLineWords({ dials: true, speech_engine: "twilio-say" })).toBe("Twilio's built-in neural voice reads your calls.");
  });
});

describe("refreshEveryMs", () => {
  const now = Date.parse("2026-03-10T09:00:00.000Z");
  const inMinutes = (m: number) => new Date(now + m * 60_000).toISOString();

  it("re-reads every 2 s while a call is placed, rings, talks or is about to, every 30 s while it waits long, never once all are over", () => {
    expect(refreshEveryMs([], now)).toBeNull();
    expect(
      refreshEveryMs(
        [
          { status: "completed", next_attempt_at: null },
          { status: "failed", next_attempt_at: null },
        ],
        now,
      ),
    ).toBeNull();
    expect(refreshEveryMs([{ status: "scheduled", next_attempt_at: null }], now)).toBe(2000);
    expect(refreshEveryMs([{ status: "in-progress", next_attempt_at: null }], now)).toBe(2000);
    expect(refreshEveryMs([{ status: "scheduled", next_attempt_at: inMinutes(1) }], now)).toBe(2000);
    expect(refreshEveryMs([{ status: "scheduled", next_attempt_at: inMinutes(600) }], now)).toBe(30_000);
    expect(
      refreshEveryMs(
        [
          { status: "scheduled", next_attempt_at: inMinutes(600) },
          { status: "in-progress", next_attempt_at: null },
        ],
        now,
      ),
    ).toBe(2000);
  });
});
