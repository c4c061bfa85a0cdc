import { afterEach, describe, expect, it } from "vitest";
import { getSpeechSynthesizer } from "@/lib/providers/speech/get-speech-synthesizer";
import { CONCIERGE_INSTRUCTIONS, OpenAiSpeechSynthesizer } from "@/lib/providers/speech/openai-speech";
import { SpeechError } from "@/lib/providers/speech/types";
import { startOpenAiFake, TINY_MP3 } from "@/tests/fakes/openai-server";
import { useFake } from "@/tests/helpers/use-fake";
import { closedPort, setEnv } from "./env-scope";

const openai = useFake(startOpenAiFake);
afterEach(() => openai.reset());

const synthesizer = (options: { model?: string; timeoutMs?: number; apiKey?: string; baseURL?: string } = {}) =>
  new OpenAiSpeechSynthesizer({ apiKey: openai.env.OPENAI_API_KEY, baseURL: openai.env.OPENAI_BASE_URL, ...options });

async function failure(promise: Promise<unknown>): Promise<SpeechError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpeechError);
  return error as SpeechError;
}

/** Walk the MPEG audio frames from the first byte to the last: a well-formed MP3 chains exactly. */
function mp3FrameCount(audio: Buffer): number {
  const bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
  const rates = [44_100, 48_000, 32_000];
  let offset = 0;
  let frames = 0;
  while (offset < audio.length) {
    expect(audio[offset]).toBe(0xff);
    expect(audio[offset + 1]! & 0xfe).toBe(0xfa); // MPEG-1 Layer III
    const bitrate = bitrates[audio[offset + 2]! >> 4]! * 1000;
    const rate = rates[(audio[offset + 2]! >> 2) & 3]!;
    const padding = (audio[offset + 2]! >> 1) & 1;
    offset += Math.floor((144 * bitrate) / rate) + padding;
    frames++;
  }
  expect(offset).toBe(audio.length);
  return frames;
}

describe("OpenAI speech through openai-node against the fake", () => {
  it("answers mp3 with the model, voice, concierge instructions and its latency", async () => {
    const speech = await synthesizer().synthesize("You have a new message from Dana about the board meeting.", { voice: "coral" });
    expect(speech).toMatchObject({ contentType: "audio/mpeg", model: "gpt-4o-mini-tts", voice: "coral" });
    expect(speech.audio.equals(TINY_MP3)).toBe(true);
    expect(mp3FrameCount(speech.audio)).toBe(8);
    expect(Number.isInteger(speech.latencyMs) && speech.latencyMs >= 0).toBe(true);
    expect(openai.speechRequests).toEqual([
      {
        model: "gpt-4o-mini-tts",
        voice: "coral",
        input: "You have a new message from Dana about the board meeting.",
        response_format: "mp3",
        instructions: CONCIERGE_INSTRUCTIONS,
      },
    ]);
  });

  it("sends instructions only to models that take them", async () => {
    await synthesizer({ model: "tts-1" }).synthesize("Hello.", { voice: "alloy", instructions: "Whisper." });
    await synthesizer().synthesize("Hello.", { voice: "alloy", instructions: "Whisper." });
    expect(openai.speechRequests.map((r) => [r.model, r.instructions])).toEqual([
      ["tts-1", undefined],
      ["gpt-4o-mini-tts", "Whisper."],
    ]);
  });

  it("a retired model is model-retired, with a message safe for a call log", async () => {
    openai.retireModel("gpt-4o-mini-tts");
    const error = await failure(synthesizer().synthesize("Secret board numbers inside.", { voice: "alloy" }));
    expect(error).toMatchObject({ reason: "model-retired", status: 404 });
    expect(error.message).toContain("gpt-4o-mini-tts");
    expect(error.message).not.toContain("Secret");
    expect(error.message).not.toContain(openai.env.OPENAI_API_KEY);
  });

  it("a server error is unavailable, tried once (no retries)", async () => {
    openai.failWith(500);
    expect(await failure(synthesizer().synthesize("Hello.", { voice: "alloy" }))).toMatchObject({ reason: "unavailable", status: 500 });
    expect(openai.speechRequests).toHaveLength(1);
    openai.failWith(429);
    expect(await failure(synthesizer().synthesize("Hello.", { voice: "alloy" }))).toMatchObject({ reason: "unavailable", status: 429 });
    expect(openai.speechRequests).toHaveLength(2);
  });

  it("a refused key is auth", async () => {
    const error = await failure(synthesizer({ apiKey: "sk-wrong" }).synthesize("Hello.", { voice: "alloy" }));
    expect(error).toMatchObject({ reason: "auth", status: 401 });
    expect(error.message).not.toContain("sk-wrong");
  });

  it("a bad request is rejected; too long an input is refused before any request", async () => {
    expect(await failure(synthesizer().synthesize("Hello.", { voice: "robot" }))).toMatchObject({ reason: "rejected", status: 400 });
    const long = await failure(synthesizer().synthesize("a".repeat(4_097), { voice: "alloy" }));
    expect(long).toMatchObject({ reason: "input-too-long" });
    expect(openai.speechRequests).toHaveLength(1);
    await expect(synthesizer().synthesize("a".repeat(4_096), { voice: "alloy" })).resolves.toMatchObject({ contentType: "audio/mpeg" });
  });

  it("slower than the deadline is timeout", async () => {
    openai.setDelayMs(2_000);
    const error = await failure(synthesizer({ timeoutMs: 100 }).synthesize("Hello.", { voice: "alloy" }));
    expect(error).toMatchObject({ reason: "timeout" });
    expect(error.message).toContain("0.1 s");
    expect(openai.received).toHaveLength(1);
  });

  it("an unreachable endpoint is unavailable", async () => {
    const error = await failure(synthesizer({ baseURL: `http://127.0.0.1:${await closedPort()}/v1` }).synthesize("Hello.", { voice: "alloy" }));
    expect(error).toMatchObject({ reason: "unavailable" });
  });
});

describe("getSpeechSynthesizer", () => {
  it("is null without OPENAI_API_KEY, and OpenAI with OPENAI_TTS_MODEL (default gpt-4o-mini-tts) otherwise", async () => {
    let restore = setEnv({ OPENAI_API_KEY: undefined, OPENAI_TTS_MODEL: undefined });
    try {
      expect(getSpeechSynthesizer()).toBeNull();
    } finally {
      restore();
    }
    restore = setEnv({ OPENAI_TTS_MODEL: undefined });
    try {
      expect(getSpeechSynthesizer()).toMatchObject({ engine: "openai", model: "gpt-4o-mini-tts" });
    } finally {
      restore();
    }
    restore = setEnv({ OPENAI_TTS_MODEL: "tts-1-hd" });
    try {
      const s = getSpeechSynthesizer()!;
      expect(s.model).toBe("tts-1-hd");
      // OPENAI_BASE_URL is honoured: the request reached the fake.
      await s.synthesize("Hello.", { voice: "nova" });
      expect(openai.speechRequests).toEqual([expect.objectContaining({ model: "tts-1-hd", voice: "nova" })]);
    } finally {
      restore();
    }
  });
});
