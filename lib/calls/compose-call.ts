import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { callLogs, type CallItem } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { getPreferencesRow } from "@/lib/preferences/get-preferences";
import { getLlmProvider } from "@/lib/providers/llm/get-llm-provider";
import { getSpeechSynthesizer } from "@/lib/providers/speech/get-speech-synthesizer";
import { SpeechError } from "@/lib/providers/speech/types";
import { hasAudio, speechHash, storeAudio } from "./call-audio";
import { loadLiveCall, type LiveCall } from "./call-flow";
import {
  CLOSING,
  fullScript,
  GOODBYE,
  greeting,
  keepQuietAck,
  MENU_FULL,
  MENU_NOTE,
  MENU_SHORT,
  NOT_UNDERSTOOD,
  NOTHING_LEFT,
  REMIND_LATER_ACK,
  voicemail,
} from "./call-script";

const SPEECH_CONCURRENCY = 3;
const SPEECH_INSTRUCTIONS =
  "You are a calm, warm personal assistant on the phone. Speak clearly at an unhurried pace, like a concierge giving a short briefing.";

/** Every text this call can speak, so that each has its audio before the phone rings. */
function speakableTexts(live: LiveCall): string[] {
  const ctx = { userName: live.user.name, callType: live.call.call_type, items: live.items, isTest: live.call.is_test };
  const texts = [
    greeting(ctx),
    ...live.items.map((i) => i.text),
    MENU_FULL,
    MENU_SHORT,
    MENU_NOTE,
    NOT_UNDERSTOOD,
    REMIND_LATER_ACK,
    CLOSING,
    GOODBYE,
    NOTHING_LEFT,
    voicemail(ctx),
  ];
  for (const item of live.items) if (item.kind === "message" && item.from) texts.push(keepQuietAck(item.from));
  return [...new Set(texts)];
}

/** With OpenAI configured, the item lines may be polished for speaking; any failure keeps the template. */
async function polishItems(items: CallItem[]): Promise<{ items: CallItem[]; latencyMs: number | null }> {
  const llm = getLlmProvider();
  const messages = items.map((item, index) => ({ item, index })).filter(({ item }) => item.kind === "message");
  if (llm.name === "rules" || !messages.length) return { items, latencyMs: null };
  const started = Date.now();
  try {
    const polished = await llm.polishCallItems(
      messages.map(({ item, index }) => ({ id: String(index), from: item.from ?? "", subject: item.subject ?? "", text: item.text })),
    );
    return { items: items.map((item, index) => ({ ...item, text: polished.get(String(index)) ?? item.text })), latencyMs: Date.now() - started };
  } catch (error) {
    logger.warn("call script polish failed; the template is used", { error: error instanceof Error ? error.message : String(error) });
    return { items, latencyMs: Date.now() - started };
  }
}

async function synthesizeAll(
  userId: string,
  voice: string,
  texts: string[],
): Promise<{ engine: "openai" | "twilio-say"; note: string | null; latencyMs: number | null }> {
  const synthesizer = getSpeechSynthesizer();
  if (!synthesizer) return { engine: "twilio-say", note: null, latencyMs: null };
  const started = Date.now();
  const have = await hasAudio(
    userId,
    texts.map((t) => speechHash(voice, t)),
  );
  const missing = texts.filter((t) => !have.has(speechHash(voice, t)));
  try {
    for (let i = 0; i < missing.length; i += SPEECH_CONCURRENCY) {
      await Promise.all(
        missing.slice(i, i + SPEECH_CONCURRENCY).map(async (text) => {
          const audio = await synthesizer.synthesize(text, { voice, instructions: SPEECH_INSTRUCTIONS });
          await storeAudio(userId, speechHash(voice, text), audio.audio, audio.contentType);
        }),
      );
    }
    return { engine: "openai", note: null, latencyMs: Date.now() - started };
  } catch (error) {
    const why = error instanceof SpeechError ? `${error.reason}: ${error.message}` : "unexpected error";
    return { engine: "twilio-say", note: `OpenAI speech failed (${why}); this call speaks with Twilio <Say>.`, latencyMs: Date.now() - started };
  }
}

/**
 * Write what the call will say — the template script, polished by the LLM when one is configured —
 * and its speech: OpenAI audio for every text when configured (stored by hash, played from signed
 * URLs), else Twilio <Say> in the user's voice. Any speech failure falls back to <Say> for the whole
 * call (one voice per call) and the call log says why. Re-running it (a retried step) is harmless.
 */
export async function composeCall(callId: string) {
  const live = await loadLiveCall(callId);
  if (!live) return { composed: false };
  const prefs = await getPreferencesRow(live.call.user_id);
  const voice = prefs.voice_preference;
  const polished = await polishItems(live.items);
  const composedLive = { ...live, items: polished.items };
  const speech =
    live.call.call_type === "phone-confirmation"
      ? { engine: "twilio-say" as const, note: null, latencyMs: null }
      : await synthesizeAll(live.call.user_id, voice, speakableTexts(composedLive));
  // Items of a sender made private since the call was scheduled leave the stored call too.
  const hidden = new Set(live.call.items.filter((i) => !live.items.includes(i)).flatMap((i) => (i.message_id ? [i.message_id] : [])));
  const polishedText = new Map(polished.items.flatMap((i) => (i.message_id ? [[i.message_id, i.text] as const] : [])));
  const db = await getDb();
  await db.transaction(async (tx) => {
    // Mail may have joined the call meanwhile: merge the polished lines into the items as they are now.
    const [current] = await tx.select({ items: callLogs.items }).from(callLogs).where(eq(callLogs.id, callId)).for("update");
    const items = (current?.items ?? [])
      .filter((i) => !(i.message_id && hidden.has(i.message_id)))
      .map((i) => (i.message_id && polishedText.has(i.message_id) ? { ...i, text: polishedText.get(i.message_id) ?? i.text } : i));
    await tx
      .update(callLogs)
      .set({
        ...(live.call.call_type === "phone-confirmation"
          ? {}
          : { items, script: fullScript({ userName: live.user.name, callType: live.call.call_type, items, isTest: live.call.is_test }) }),
        voice,
        speech_engine: speech.engine,
        speech_note: speech.note,
        tts_latency_ms: speech.latencyMs,
        llm_latency_ms: polished.latencyMs,
        updated_at: new Date(),
      })
      .where(eq(callLogs.id, callId));
  });
  return { composed: true, speech_engine: speech.engine };
}
