import VoiceResponse from "twilio/lib/twiml/VoiceResponse";
import { sayVoiceFor, splitForSay } from "@/lib/providers/speech/voices";
import { audioUrlsFor } from "./call-audio";

/**
 * A call's next words as a plan (what to say, where to gather input, when to hang up), turned into
 * TwiML in one place. Each spoken text becomes <Play> of its synthesized audio when the call has it,
 * else <Say> in the user's voice, split under <Say>'s length limit.
 */
export type TwimlStep =
  /** `transcript` replaces the text in the transcript when the words must not be stored (a confirmation code). */
  | { kind: "say"; text: string; transcript?: string }
  | { kind: "pause"; seconds: number }
  | { kind: "gather"; action: string; prompt: string; hints: string; numDigits?: number; timeoutSeconds?: number }
  | { kind: "redirect"; url: string }
  | { kind: "hangup" };

export type SpeakingCall = { id: string; user_id: string; voice: string | null; speech_engine: string | null };

type Speakable = {
  say(attributes: VoiceResponse.SayAttributes, message: string): unknown;
  play(attributes: VoiceResponse.PlayAttributes, url: string): unknown;
};

function speak(target: Speakable, text: string, sayVoice: string, audio: Map<string, string>) {
  const url = audio.get(text);
  if (url) {
    target.play({}, url);
    return;
  }
  for (const chunk of splitForSay(text)) target.say({ voice: sayVoice as VoiceResponse.SayAttributes["voice"] }, chunk);
}

/** The texts a plan speaks, in order. */
export function spokenTexts(steps: TwimlStep[]): string[] {
  return steps.flatMap((s) => (s.kind === "say" ? [s.text] : s.kind === "gather" ? [s.prompt] : []));
}

/** What the transcript records of a plan: the spoken texts, with anything secret masked. */
export function transcriptTexts(steps: TwimlStep[]): string[] {
  return steps.flatMap((s) => (s.kind === "say" ? [s.transcript ?? s.text] : s.kind === "gather" ? [s.prompt] : []));
}

export async function renderTwiml(call: SpeakingCall, steps: TwimlStep[]): Promise<string> {
  const audio = call.speech_engine === "openai" ? await audioUrlsFor(call, spokenTexts(steps)) : new Map<string, string>();
  const sayVoice = sayVoiceFor(call.voice ?? "alloy");
  const response = new VoiceResponse();
  for (const step of steps) {
    switch (step.kind) {
      case "say":
        speak(response, step.text, sayVoice, audio);
        break;
      case "pause":
        response.pause({ length: step.seconds });
        break;
      case "gather": {
        const gather = response.gather({
          input: ["dtmf", "speech"],
          action: step.action,
          method: "POST",
          numDigits: step.numDigits ?? 1,
          timeout: step.timeoutSeconds ?? 6,
          speechTimeout: "auto",
          actionOnEmptyResult: true,
          hints: step.hints,
          language: "en-US",
        });
        speak(gather, step.prompt, sayVoice, audio);
        break;
      }
      case "redirect":
        response.redirect({ method: "POST" }, step.url);
        break;
      case "hangup":
        response.hangup();
        break;
    }
  }
  return response.toString();
}

/** The TwiML HTTP answer a carrier expects. */
export function twimlResponse(xml: string): Response {
  return new Response(xml, { status: 200, headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "no-store" } });
}
