import type { SpeechEngine } from "@/lib/schemas/enums";
import { getSpeechSynthesizer } from "@/lib/providers/speech/get-speech-synthesizer";
import { getVoiceProvider } from "@/lib/providers/voice/get-voice-provider";

/**
 * Where the user's number stands for calls: with no phone line nothing is dialled, so no number or
 * confirmation is needed; with one, PookAi rings only a number its owner confirmed.
 */
export type PhoneState = "not-needed" | "none" | "unconfirmed" | "confirmed";

export type PhoneSetup = {
  /** A phone line (Twilio) is configured: calls really ring. */
  dials: boolean;
  /** What speaks on a call: OpenAI speech when configured, else Twilio <Say>. */
  speech_engine: SpeechEngine;
  phone_number: string | null;
  phone_state: PhoneState;
};

/**
 * The server's phone line and speech engine, and the user's number, as the pages that offer a call show
 * them. The same choices the call pipeline makes (the voice provider, the speech synthesizer).
 */
export function getPhoneSetup(user: { phone_number: string | null; phone_confirmed_at: Date | null }): PhoneSetup {
  const dials = getVoiceProvider().dials;
  const phone_state: PhoneState = !dials ? "not-needed" : !user.phone_number ? "none" : user.phone_confirmed_at ? "confirmed" : "unconfirmed";
  return { dials, speech_engine: getSpeechSynthesizer() ? "openai" : "twilio-say", phone_number: user.phone_number, phone_state };
}
