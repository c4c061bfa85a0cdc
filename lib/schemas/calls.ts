import { z } from "zod";
import { ANSWERED_BY, CALL_OUTCOMES, CALL_STATUSES, CALL_TYPES, PROVIDER_CALL_STATUSES, SPEECH_ENGINES, VOICE_CARRIERS } from "@/lib/schemas/enums";
import { dateTimeQuerySchema, paginationQuerySchema } from "./common";

export const callTypeSchema = z.enum(CALL_TYPES, { error: `Must be one of ${CALL_TYPES.join(", ")}` });
export const callStatusSchema = z.enum(CALL_STATUSES, { error: `Must be one of ${CALL_STATUSES.join(", ")}` });

export const listCallsQuerySchema = paginationQuerySchema
  .extend({
    start_date: dateTimeQuerySchema.optional(),
    end_date: dateTimeQuerySchema.optional(),
    call_type: callTypeSchema.optional(),
    status: callStatusSchema.optional(),
  })
  .refine((q) => !q.start_date || !q.end_date || new Date(q.start_date) <= new Date(q.end_date), {
    error: "start_date must not be after end_date",
    path: ["end_date"],
  });

export const scheduleUrgentBodySchema = z.strictObject({
  content: z
    .string({ error: "content is required" })
    .trim()
    .min(1, { error: "content is required" })
    .max(2000, { error: "content is at most 2000 characters" }),
  priority: z.enum(["high", "medium"], { error: "Must be high or medium" }).default("high"),
});

export const callSchema = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  call_type: callTypeSchema,
  status: callStatusSchema,
  priority: z.enum(["high", "medium"]).nullable(),
  scheduled_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  duration_seconds: z.number().int().nullable(),
  content_summary: z.string(),
  script: z.string().nullable(),
  audio_url: z.string().nullable(),
  provider: z.enum(VOICE_CARRIERS).nullable(),
  provider_status: z.enum(PROVIDER_CALL_STATUSES).nullable(),
  answered_by: z.enum(ANSWERED_BY).nullable(),
  outcome: z.enum(CALL_OUTCOMES).nullable(),
  /** False when no phone line is configured: the call went through the pipeline and nothing rang. */
  dialled: z.boolean(),
  attempts: z.number().int(),
  attempt_log: z.array(
    z.object({
      attempt: z.number().int(),
      status: z.enum(PROVIDER_CALL_STATUSES).nullable(),
      answered_by: z.enum(ANSWERED_BY).nullable(),
      outcome: z.enum(CALL_OUTCOMES).nullable(),
      dial_started_at: z.string(),
      answered_at: z.string().nullable(),
      ended_at: z.string().nullable(),
      duration_seconds: z.number().int().nullable(),
      error: z.string().nullable(),
    }),
  ),
  next_attempt_at: z.string().nullable(),
  voice: z.string().nullable(),
  speech_engine: z.enum(SPEECH_ENGINES).nullable(),
  speech_note: z.string().nullable(),
  commands: z.array(
    z.object({
      at: z.string(),
      input: z.string(),
      action: z.string(),
      attempt: z.number().int().optional(),
      item: z.number().int().optional(),
      changed: z.string().optional(),
      sender_id: z.uuid().optional(),
      message_id: z.uuid().optional(),
    }),
  ),
  transcript: z.string().nullable(),
  success: z.boolean().nullable(),
  error: z.string().nullable(),
  llm_latency_ms: z.number().int().nullable(),
  tts_latency_ms: z.number().int().nullable(),
  is_test: z.boolean(),
  created_at: z.string(),
});

export const nextDigestSchema = z.object({
  scheduled_at: z.string(),
  timezone: z.string(),
  preferred_call_time: z.string(),
  since: z.string(),
  message_count: z.number().int(),
  content_preview: z.string(),
  senders: z.array(z.object({ sender_id: z.uuid(), name: z.string(), email: z.string(), count: z.number().int(), subjects: z.array(z.string()) })),
});

/** Where a carrier's request is in a call's flow: the signed URL carries it. */
export const callFlowQuerySchema = z.object({
  attempt: z.coerce.number().int().min(1).max(20),
  item: z.coerce.number().int().min(0).max(1000).default(0),
  try: z.coerce.number().int().min(0).max(1).default(0),
});

/** The fields of a carrier callback we read (Twilio's names). */
export const carrierCallbackSchema = z.object({
  CallSid: z.string().min(1).max(64),
  CallStatus: z.string().max(32).optional(),
  AnsweredBy: z.string().max(32).optional(),
  CallDuration: z.coerce.number().int().min(0).optional(),
  Digits: z.string().max(32).optional(),
  SpeechResult: z.string().max(1000).optional(),
  ErrorCode: z.string().max(16).optional(),
  ErrorMessage: z.string().max(500).optional(),
});

export const confirmPhoneBodySchema = z.strictObject({
  code: z
    .string({ error: "code is required" })
    .trim()
    .regex(/^\d{6}$/, { error: "The code has six digits" }),
});

export type ListCallsQuery = z.infer<typeof listCallsQuerySchema>;
export type ScheduleUrgentBody = z.infer<typeof scheduleUrgentBodySchema>;
export type CallDto = z.infer<typeof callSchema>;
