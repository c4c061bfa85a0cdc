import { and, eq, inArray } from "drizzle-orm";
import { notFound } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { callAudio } from "@/lib/db/schema";
import { speechHash } from "./call-audio";
import { loadLiveCall } from "./call-flow";
import { CLOSING, greeting } from "./call-script";
import { getCallOrThrow } from "./get-call-or-throw";

/**
 * The user's own call as it sounds: the synthesized opening, each item and the closing, one MP3 after
 * another (MP3 frames play back to back). Only calls spoken with OpenAI speech have one; a private
 * sender's items are left out as they are on the call.
 */
export async function readCallRecording(userId: string, callId: string): Promise<{ audio: Buffer; contentType: string }> {
  await getCallOrThrow(userId, callId);
  const live = await loadLiveCall(callId);
  if (!live || live.call.speech_engine !== "openai" || !live.call.voice) throw notFound("Recording");
  const voice = live.call.voice;
  const texts = [
    greeting({ userName: live.user.name, callType: live.call.call_type, items: live.items, isTest: live.call.is_test }),
    ...live.items.map((i) => i.text),
    CLOSING,
  ];
  const hashes = texts.map((t) => speechHash(voice, t));
  const db = await getDb();
  const rows = await db
    .select({ hash: callAudio.hash, content: callAudio.content })
    .from(callAudio)
    .where(and(eq(callAudio.user_id, userId), inArray(callAudio.hash, hashes)));
  const byHash = new Map(rows.map((r) => [r.hash, r.content]));
  const parts = hashes.flatMap((h) => {
    const part = byHash.get(h);
    return part ? [part] : [];
  });
  if (!parts.length) throw notFound("Recording");
  return { audio: Buffer.concat(parts), contentType: "audio/mpeg" };
}
