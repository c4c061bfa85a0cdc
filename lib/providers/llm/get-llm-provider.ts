import { env } from "@/lib/env";
import { OpenAiLlmProvider } from "./openai-llm";
import type { LlmProvider } from "./types";

/** The deterministic fallback: the header rules already decided, so it changes nothing. */
const rulesProvider: LlmProvider = {
  name: "rules",
  classifySenders: async () => new Map(),
  polishCallItems: async () => new Map(),
};

/** OpenAI when OPENAI_API_KEY is set (OPENAI_BASE_URL and OPENAI_MODEL optional), else the rules. */
export function getLlmProvider(): LlmProvider {
  const e = env();
  if (!e.OPENAI_API_KEY) return rulesProvider;
  return new OpenAiLlmProvider({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL });
}
