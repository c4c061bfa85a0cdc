/** OpenAI's speech endpoint refuses longer input; the caller splits text first. */
export const SPEECH_INPUT_LIMIT = 4_096;

export type SynthesizeOptions = {
  /** The OpenAI voice (a VOICE_OPTIONS openaiVoice). */
  voice: string;
  /** How to speak (tone, pace); sent only to models that take instructions. */
  instructions?: string;
};

export type SynthesizedSpeech = { audio: Buffer; contentType: "audio/mpeg"; latencyMs: number; model: string; voice: string };

export interface SpeechSynthesizer {
  readonly engine: "openai";
  readonly model: string;
  /** mp3 audio for `text` (at most SPEECH_INPUT_LIMIT characters); any failure throws SpeechError. */
  synthesize(text: string, options: SynthesizeOptions): Promise<SynthesizedSpeech>;
}

export type SpeechErrorReason = "model-retired" | "timeout" | "rejected" | "unavailable" | "auth" | "input-too-long";

/**
 * Speech could not be made. `message` is safe to store on a call log: it names the engine, model and
 * what went wrong, never the API key or the text that was to be spoken.
 */
export class SpeechError extends Error {
  readonly reason: SpeechErrorReason;
  readonly status?: number;

  constructor(reason: SpeechErrorReason, message: string, status?: number) {
    super(message);
    this.name = "SpeechError";
    this.reason = reason;
    this.status = status;
  }
}
