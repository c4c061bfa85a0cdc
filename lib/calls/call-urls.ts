import { createHmac } from "node:crypto";
import { safeEqual } from "@/lib/crypto";
import { appUrl } from "@/lib/env";
import { getSecret } from "@/lib/secrets";

/*
 * The public URLs a carrier calls for one call: its TwiML, the gather actions, status and machine
 * detection callbacks, the voicemail, and speech audio. All are absolute (APP_URL), because the carrier
 * signs and we verify exactly the URL it was given.
 */

export type CallRoute = "twiml" | "gather" | "status" | "amd" | "voicemail";

export function callUrl(callId: string, route: CallRoute, query: Record<string, string | number> = {}): string {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return `${appUrl()}/api/calls/${callId}/${route}${search ? `?${search}` : ""}`;
}

const AUDIO_URL_TTL_S = 2 * 3600;

function audioSignature(callId: string, hash: string, expires: number): string {
  return createHmac("sha256", getSecret("JWT_SECRET")).update(`call-audio:${callId}:${hash}:${expires}`).digest("base64url");
}

/** A URL for one piece of synthesized speech that works for two hours and only for this call. */
export function signedAudioUrl(callId: string, hash: string, now = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + AUDIO_URL_TTL_S;
  return `${appUrl()}/api/calls/${callId}/audio/${hash}?exp=${expires}&sig=${audioSignature(callId, hash, expires)}`;
}

export function isAudioUrlValid(callId: string, hash: string, exp: string | null, sig: string | null, now = new Date()): boolean {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false;
  const expires = Number(exp);
  if (expires * 1000 < now.getTime()) return false;
  return safeEqual(sig, audioSignature(callId, hash, expires));
}
