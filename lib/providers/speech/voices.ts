import type VoiceResponse from "twilio/lib/twiml/VoiceResponse";
import { VOICES } from "@/lib/schemas/preferences";

/** Twilio's <Say> voice names and languages, as twilio-node's TwiML types list them. */
export type SayVoice = NonNullable<VoiceResponse.SayAttributes["voice"]>;
export type SayLanguage = NonNullable<VoiceResponse.SayAttributes["language"]>;

export type VoiceId = (typeof VOICES)[number];

export type VoiceOption = {
  /** The stored `voice_preference`. */
  id: VoiceId;
  /** What the voice picker shows: the name and how it sounds. */
  label: string;
  /** One line for the picker: the character of the voice and who reads calls when Twilio <Say> speaks. */
  description: string;
  /** The OpenAI speech voice. */
  openaiVoice: VoiceId;
  /** The Twilio <Say> voice of comparable character (Amazon Polly neural), the default speech. */
  sayVoice: SayVoice;
  /** The <Say> `language` matching that voice. */
  sayLanguage: SayLanguage;
};

/** The default `voice_preference` (user_preferences.voice_preference's default). */
export const DEFAULT_VOICE: VoiceId = "alloy";

/**
 * <Say> text limits per engine (Twilio error 13521): Amazon Polly 3,000 UTF-8 bytes, Google 5,000,
 * Twilio's basic voices 4,096.
 */
export const SAY_TEXT_LIMITS = { polly: 3_000, google: 5_000, basic: 4_096 } as const;

// The character of each OpenAI voice as commonly described (OpenAI publishes previews, not words);
// the Polly voice is the closest in register and accent from Twilio's supported <Say> voices.
const CATALOGUE: Record<VoiceId, Omit<VoiceOption, "id" | "openaiVoice">> = {
  alloy: {
    label: "Alloy — balanced and neutral (US English)",
    description: "An even, unhurried voice.",
    sayVoice: "Polly.Joanna-Neural",
    sayLanguage: "en-US",
  },
  ash: { label: "Ash — clear and confident (US English)", description: "Crisp and direct.", sayVoice: "Polly.Matthew-Neural", sayLanguage: "en-US" },
  ballad: {
    label: "Ballad — soft and expressive (British English)",
    description: "Gentle, with a melodic lilt.",
    sayVoice: "Polly.Arthur-Neural",
    sayLanguage: "en-GB",
  },
  coral: { label: "Coral — warm and friendly (US English)", description: "Bright and approachable.", sayVoice: "Polly.Ruth-Neural", sayLanguage: "en-US" },
  echo: { label: "Echo — warm and steady (US English)", description: "Low-key and reassuring.", sayVoice: "Polly.Stephen-Neural", sayLanguage: "en-US" },
  fable: {
    label: "Fable — lively storyteller (British English)",
    description: "Animated, with a British accent.",
    sayVoice: "Polly.Brian-Neural",
    sayLanguage: "en-GB",
  },
  nova: { label: "Nova — bright and upbeat (US English)", description: "Energetic and friendly.", sayVoice: "Polly.Danielle-Neural", sayLanguage: "en-US" },
  onyx: {
    label: "Onyx — deep and authoritative (US English)",
    description: "Low, resonant and measured.",
    sayVoice: "Polly.Gregory-Neural",
    sayLanguage: "en-US",
  },
  sage: { label: "Sage — calm and measured (US English)", description: "Quiet and composed.", sayVoice: "Polly.Kendra-Neural", sayLanguage: "en-US" },
  shimmer: { label: "Shimmer — soft and gentle (US English)", description: "Light and soothing.", sayVoice: "Polly.Salli-Neural", sayLanguage: "en-US" },
  verse: {
    label: "Verse — versatile and expressive (US English)",
    description: "Conversational, with range.",
    sayVoice: "Polly.Joey-Neural",
    sayLanguage: "en-US",
  },
};

/** Every voice a user can choose, in the order the picker shows them. */
export const VOICE_OPTIONS: VoiceOption[] = VOICES.map((id) => {
  const entry = CATALOGUE[id];
  const reader = entry.sayVoice.replace(/^Polly\.([^-]+).*$/, "$1");
  return {
    id,
    openaiVoice: id,
    ...entry,
    description: `${entry.description} On a phone line without OpenAI speech, ${reader} (Amazon Polly) reads your calls.`,
  };
});

/** The catalogue entry for a stored preference; an unknown value (older data) gets the default voice. */
export function voiceOptionFor(preference: string | null | undefined): VoiceOption {
  return VOICE_OPTIONS.find((v) => v.id === preference) ?? VOICE_OPTIONS.find((v) => v.id === DEFAULT_VOICE)!;
}

/** The Twilio <Say> voice for a stored preference. */
export function sayVoiceFor(preference: string | null | undefined): SayVoice {
  return voiceOptionFor(preference).sayVoice;
}

/** The <Say> text limit for a voice name, in UTF-8 bytes. */
export function sayLimitFor(sayVoice: string): number {
  if (sayVoice.startsWith("Polly.")) return SAY_TEXT_LIMITS.polly;
  if (sayVoice.startsWith("Google.")) return SAY_TEXT_LIMITS.google;
  return SAY_TEXT_LIMITS.basic;
}

const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s).length;

/**
 * Text cut into <Say>-sized pieces of at most `limit` UTF-8 bytes: at sentence ends where possible,
 * else between words. Whitespace runs become one space; no piece is empty. Only a single "word"
 * longer than the limit (a pasted URL, say) is cut inside itself, since nothing else fits.
 */
export function splitForSay(text: string, limit: number = SAY_TEXT_LIMITS.polly): string[] {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a positive integer");
  const normalized = text.replace(/\s+/g, " ").trim();
  if (!normalized) return [];
  if (bytes(normalized) <= limit) return [normalized];

  const chunks: string[] = [];
  let current = "";
  const push = (piece: string) => {
    const joined = current ? `${current} ${piece}` : piece;
    if (bytes(joined) <= limit) {
      current = joined;
      return;
    }
    if (current) chunks.push(current);
    current = piece;
  };

  for (const sentence of sentencesOf(normalized)) {
    if (bytes(sentence) <= limit) {
      push(sentence);
      continue;
    }
    for (const word of sentence.split(" ")) {
      if (bytes(word) <= limit) push(word);
      else for (const part of cutWord(word, limit)) push(part);
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Sentences of single-spaced text: a space after closing punctuation (and closing quotes or brackets) ends one. */
function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?…]["'”’)\]]*) /).filter(Boolean);
}

/** A word longer than the limit, cut at code points (never inside a UTF-8 sequence). */
function cutWord(word: string, limit: number): string[] {
  const parts: string[] = [];
  let part = "";
  for (const ch of word) {
    if (bytes(part + ch) > limit) {
      parts.push(part);
      part = "";
    }
    part += ch;
  }
  if (part) parts.push(part);
  return parts;
}
