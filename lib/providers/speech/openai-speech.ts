import OpenAI from "openai";
import { SPEECH_INPUT_LIMIT, SpeechError, type SpeechSynthesizer, type SynthesizedSpeech, type SynthesizeOptions } from "./types";

export const DEFAULT_TTS_MODEL = "gpt-4o-mini-tts";
/** Past this the call falls back to <Say> rather than keep the caller waiting. */
export const DEFAULT_SPEECH_TIMEOUT_MS = 8_000;

/** How PookAi sounds when the model takes instructions. */
export const CONCIERGE_INSTRUCTIONS =
  "You are a calm, discreet personal concierge speaking on a phone call. Speak clearly at an unhurried pace, warm but brief. Read names, times and subjects plainly, without dramatising them.";

/** tts-1 and tts-1-hd do not take `instructions`; the gpt-4o-mini-tts family does. */
export function supportsInstructions(model: string): boolean {
  return !/^tts-1(-hd)?(-\d{4})?$/.test(model);
}

export type OpenAiSpeechOptions = { apiKey: string; baseURL?: string; model?: string; timeoutMs?: number };

/** OpenAI text-to-speech (mp3) through openai-node, with no retries: on any failure the caller speaks with <Say> at once. */
export class OpenAiSpeechSynthesizer implements SpeechSynthesizer {
  readonly engine = "openai" as const;
  readonly model: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;

  constructor(options: OpenAiSpeechOptions) {
    this.model = options.model ?? DEFAULT_TTS_MODEL;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SPEECH_TIMEOUT_MS;
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: this.timeoutMs });
  }

  async synthesize(text: string, options: SynthesizeOptions): Promise<SynthesizedSpeech> {
    const input = text.trim();
    if (!input) throw new SpeechError("rejected", "There is no text to speak");
    if (input.length > SPEECH_INPUT_LIMIT) {
      throw new SpeechError("input-too-long", `OpenAI speech takes at most ${SPEECH_INPUT_LIMIT} characters per request; this text has ${input.length}`);
    }
    const instructions = options.instructions ?? CONCIERGE_INSTRUCTIONS;
    // One deadline for the whole exchange, body included (openai-node's timeout stops at the headers).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const started = performance.now();
    try {
      const response = await this.client.audio.speech.create(
        { model: this.model, voice: options.voice, input, response_format: "mp3", ...(supportsInstructions(this.model) ? { instructions } : {}) },
        { signal: controller.signal, maxRetries: 0, timeout: this.timeoutMs },
      );
      const contentType = response.headers.get("content-type") ?? "";
      const audio = Buffer.from(await response.arrayBuffer());
      if (!/^audio\/(mpeg|mp3)\b/i.test(contentType)) {
        throw new SpeechError(
          "unavailable",
          `OpenAI speech (${this.model}) answered ${contentType || "no content type"} instead of audio/mpeg`,
          response.status,
        );
      }
      if (!audio.length) throw new SpeechError("unavailable", `OpenAI speech (${this.model}) answered with no audio`, response.status);
      return { audio, contentType: "audio/mpeg", latencyMs: Math.round(performance.now() - started), model: this.model, voice: options.voice };
    } catch (error) {
      throw this.toSpeechError(error, controller.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  private toSpeechError(error: unknown, timedOut: boolean): SpeechError {
    if (error instanceof SpeechError) return error;
    const model = this.model;
    if (timedOut || error instanceof OpenAI.APIConnectionTimeoutError) {
      return new SpeechError("timeout", `OpenAI speech (${model}) took longer than ${this.timeoutMs / 1000} s`);
    }
    if (error instanceof OpenAI.APIConnectionError) return new SpeechError("unavailable", `OpenAI speech (${model}) could not be reached`);
    if (error instanceof OpenAI.APIError && typeof error.status === "number") {
      const status = error.status;
      const code = typeof error.code === "string" ? error.code : null;
      // OpenAI's own words are kept out: some echo the request. Status and code say enough.
      const what = `OpenAI speech (${model}) answered HTTP ${status}${code ? ` ${code}` : ""}`;
      if (code === "model_not_found") return new SpeechError("model-retired", `${what}: the model no longer exists or this key cannot use it`, status);
      if (status === 401 || status === 403) return new SpeechError("auth", `${what}: the API key was refused`, status);
      if (status === 429 || status >= 500) return new SpeechError("unavailable", what, status);
      return new SpeechError("rejected", what, status);
    }
    return new SpeechError("unavailable", `OpenAI speech (${model}) failed: ${error instanceof Error ? error.name : "unknown error"}`);
  }
}
