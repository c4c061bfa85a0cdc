import { env } from "@/lib/env";
import { DEFAULT_TTS_MODEL, OpenAiSpeechSynthesizer } from "./openai-speech";
import type { SpeechSynthesizer } from "./types";

let cached: { key: string; synthesizer: SpeechSynthesizer } | undefined;

/** OpenAI speech when OPENAI_API_KEY is set (OPENAI_TTS_MODEL, OPENAI_BASE_URL optional); null means Twilio <Say> speaks. */
export function getSpeechSynthesizer(): SpeechSynthesizer | null {
  const e = env();
  if (!e.OPENAI_API_KEY) return null;
  const options = { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_TTS_MODEL ?? DEFAULT_TTS_MODEL };
  const key = JSON.stringify(options);
  if (cached?.key !== key) cached = { key, synthesizer: new OpenAiSpeechSynthesizer(options) };
  return cached.synthesizer;
}
