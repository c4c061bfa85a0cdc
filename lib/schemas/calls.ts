import { z } from "zod";
import { CALL_STATUSES, CALL_TYPES } from "@/lib/db/schema/enums";
import { dateTimeQuerySchema, paginationQuerySchema } from "./common";

export const callTypeSchema = z.enum(CALL_TYPES, { message: `Must be one of ${CALL_TYPES.join(", ")}` });
export const callStatusSchema = z.enum(CALL_STATUSES, { message: `Must be one of ${CALL_STATUSES.join(", ")}` });

export const listCallsQuerySchema = paginationQuerySchema
  .extend({
    start_date: dateTimeQuerySchema.optional(),
    end_date: dateTimeQuerySchema.optional(),
    call_type: callTypeSchema.optional(),
    status: callStatusSchema.optional(),
  })
  .refine((q) => !q.start_date || !q.end_date || new Date(q.start_date) <= new Date(q.end_date), {
    message: "start_date must not be after end_date",
    path: ["end_date"],
  });

export const scheduleUrgentBodySchema = z.strictObject({
  content: z
    .string({ message: "content is required" })
    .trim()
    .min(1, { message: "content is required" })
    .max(2000, { message: "content is at most 2000 characters" }),
  priority: z.enum(["high", "medium"], { message: "Must be high or medium" }).default("high"),
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
  provider: z.string().nullable(),
  attempts: z.number().int(),
  commands: z.array(z.object({ at: z.string(), input: z.string(), action: z.string() })),
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

export type ListCallsQuery = z.infer<typeof listCallsQuerySchema>;
export type ScheduleUrgentBody = z.infer<typeof scheduleUrgentBodySchema>;
export type CallDto = z.infer<typeof callSchema>;
