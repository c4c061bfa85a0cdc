import { asc, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { callAttempts, type callLogs } from "@/lib/db/schema";
import type { CallDto } from "@/lib/schemas/calls";

export type CallRow = typeof callLogs.$inferSelect;
export type CallAttemptRow = typeof callAttempts.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function serializeCall(c: CallRow, attempts: CallAttemptRow[] = []): CallDto {
  return {
    id: c.id,
    user_id: c.user_id,
    call_type: c.call_type,
    status: c.status,
    priority: c.priority,
    scheduled_at: c.scheduled_at.toISOString(),
    started_at: iso(c.started_at),
    completed_at: iso(c.completed_at),
    duration_seconds: c.duration_seconds,
    content_summary: c.content_summary,
    script: c.script,
    // The call as it sounded, for its owner (OpenAI speech is stored; <Say> is spoken by the carrier).
    audio_url: c.audio_url ?? (c.speech_engine === "openai" && c.call_type !== "phone-confirmation" ? `/api/calls/${c.id}/recording` : null),
    provider: c.provider,
    provider_status: c.provider_status,
    answered_by: c.answered_by,
    outcome: c.outcome,
    dialled: c.provider !== "console" && c.outcome !== "not-dialled",
    attempts: c.attempts,
    attempt_log: attempts
      .filter((a) => a.call_id === c.id)
      .map((a) => ({
        attempt: a.attempt,
        status: a.status,
        answered_by: a.answered_by,
        outcome: a.outcome,
        dial_started_at: a.dial_started_at.toISOString(),
        answered_at: iso(a.answered_at),
        ended_at: iso(a.ended_at),
        duration_seconds: a.duration_seconds,
        error: a.error,
      })),
    next_attempt_at: iso(c.next_attempt_at),
    voice: c.voice,
    speech_engine: c.speech_engine,
    speech_note: c.speech_note,
    commands: c.commands,
    transcript: c.transcript,
    success: c.success,
    error: c.error,
    llm_latency_ms: c.llm_latency_ms,
    tts_latency_ms: c.tts_latency_ms,
    is_test: c.is_test,
    created_at: c.created_at.toISOString(),
  };
}

/** Every attempt of these calls, in order (one query for a page of calls). */
export async function loadAttempts(callIds: string[]): Promise<CallAttemptRow[]> {
  if (!callIds.length) return [];
  const db = await getDb();
  return db.select().from(callAttempts).where(inArray(callAttempts.call_id, callIds)).orderBy(asc(callAttempts.call_id), asc(callAttempts.attempt));
}

/** Calls with their attempt logs, as the API shows them. */
export async function serializeCalls(rows: CallRow[]): Promise<CallDto[]> {
  const attempts = await loadAttempts(rows.map((r) => r.id));
  return rows.map((r) => serializeCall(r, attempts));
}
