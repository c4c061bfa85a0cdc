import { twilioConfig } from "@/lib/env";
import { ConsoleVoiceProvider } from "./console";
import { TwilioVoiceProvider } from "./twilio";
import type { VoiceProvider } from "./types";

let cached: { key: string; provider: VoiceProvider } | undefined;

/** Twilio when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER are set, else the console (nothing dials). */
export function getVoiceProvider(): VoiceProvider {
  const config = twilioConfig();
  // One client per configuration: twilio-node keeps its HTTP agent, and tests change the variables.
  const key = config ? JSON.stringify(config) : "console";
  if (cached?.key !== key) cached = { key, provider: config ? new TwilioVoiceProvider(config) : new ConsoleVoiceProvider() };
  return cached.provider;
}
