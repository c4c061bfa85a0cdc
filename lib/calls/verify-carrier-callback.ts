import { getVoiceProvider } from "@/lib/providers/voice/get-voice-provider";

/**
 * Whether a callback really comes from the carrier: its signature over the public URL we gave it and
 * the posted fields (Twilio's X-Twilio-Signature). With no phone line configured nothing is ever
 * signed, so every such request is refused.
 */
export function verifyCarrierCallback(request: { publicUrl: string; headers: Headers; fields: Record<string, string> }): boolean {
  return getVoiceProvider().verifyCallback({ url: request.publicUrl, signature: request.headers.get("x-twilio-signature"), params: request.fields });
}
