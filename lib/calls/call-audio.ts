import { and, eq, inArray } from "drizzle-orm";
import { notFound } from "@/lib/errors";
import { sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { callAudio, callLogs } from "@/lib/db/schema";
import { isAudioUrlValid, signedAudioUrl } from "./call-urls";

/** The key of a piece of speech: the same words in the same voice are synthesized once per user. */
export function speechHash(voice: string, text: string): string {
  return sha256(`${voice}\n${text}`);
}

/** Which of these texts have stored audio for the call's user and voice: text → signed URL. */
export async function audioUrlsFor(call: { id: string; user_id: string; voice: string | null }, texts: string[]): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  if (!call.voice || !texts.length) return urls;
  const byHash = new Map(texts.map((t) => [speechHash(call.voice ?? "", t), t]));
  const db = await getDb();
  const rows = await db
    .select({ hash: callAudio.hash })
    .from(callAudio)
    .where(and(eq(callAudio.user_id, call.user_id), inArray(callAudio.hash, [...byHash.keys()])));
  for (const { hash } of rows) {
    const text = byHash.get(hash);
    if (text) urls.set(text, signedAudioUrl(call.id, hash));
  }
  return urls;
}

/** Store synthesized speech (a second store of the same words is a no-op). */
export async function storeAudio(userId: string, hash: string, audio: Buffer, contentType: string): Promise<void> {
  const db = await getDb();
  await db.insert(callAudio).values({ user_id: userId, hash, content: audio, content_type: contentType, bytes: audio.length }).onConflictDoNothing();
}

export async function hasAudio(userId: string, hashes: string[]): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  const db = await getDb();
  const rows = await db
    .select({ hash: callAudio.hash })
    .from(callAudio)
    .where(and(eq(callAudio.user_id, userId), inArray(callAudio.hash, hashes)));
  return new Set(rows.map((r) => r.hash));
}

/**
 * The audio behind a signed URL: the signature and expiry are checked first, then the call's own
 * user's audio is read. Anything else is 404 (no hint whether the call or audio exists).
 */
export async function readCallAudio(callId: string, hash: string, exp: string | null, sig: string | null) {
  if (!/^[0-9a-f]{64}$/.test(hash) || !isAudioUrlValid(callId, hash, exp, sig)) throw notFound("Audio");
  const db = await getDb();
  const [row] = await db
    .select({ content: callAudio.content, content_type: callAudio.content_type })
    .from(callLogs)
    .innerJoin(callAudio, and(eq(callAudio.user_id, callLogs.user_id), eq(callAudio.hash, hash)))
    .where(eq(callLogs.id, callId))
    .limit(1);
  if (!row) throw notFound("Audio");
  return row;
}
