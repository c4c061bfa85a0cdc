import type { callLogs } from "@/lib/db/schema";
import type { CallDto } from "@/lib/schemas/calls";

export type CallRow = typeof callLogs.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function serializeCall(c: CallRow): CallDto {
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
    audio_url: c.audio_url,
    provider: c.provider,
    attempts: c.attempts,
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
