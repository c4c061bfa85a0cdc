import { z } from "zod";
import { CALL_TYPES } from "@/lib/schemas/enums";
import { senderCategorySchema, senderTypeSchema } from "./senders";

export const MAX_ANALYTICS_DAYS = 365;
export const MAX_ANALYTICS_SENDERS = 50;

export const callAnalyticsQuerySchema = z.object({
  days: z.coerce
    .number({ error: "Must be a number" })
    .int({ error: "Must be a whole number" })
    .min(1, { error: "Must be at least 1" })
    .max(MAX_ANALYTICS_DAYS, { error: `Must be at most ${MAX_ANALYTICS_DAYS}` })
    .default(30),
});

export const senderAnalyticsQuerySchema = z.object({
  limit: z.coerce
    .number({ error: "Must be a number" })
    .int({ error: "Must be a whole number" })
    .min(1, { error: "Must be at least 1" })
    .max(MAX_ANALYTICS_SENDERS, { error: `Must be at most ${MAX_ANALYTICS_SENDERS}` })
    .default(10),
});

const countsByType = z.object(Object.fromEntries(CALL_TYPES.map((t) => [t, z.number().int()])) as Record<(typeof CALL_TYPES)[number], z.ZodNumber>);

export const callAnalyticsSchema = z.object({
  days: z.number().int(),
  timezone: z.string(),
  from: z.string().describe("First day of the window (the user's local date, YYYY-MM-DD)"),
  to: z.string().describe("Last day of the window, today in the user's time zone"),
  per_day: z.array(
    countsByType.extend({
      date: z.string(),
      total: z.number().int(),
      completed: z.number().int(),
      failed: z.number().int(),
    }),
  ),
  totals: countsByType.extend({
    total: z.number().int(),
    scheduled: z.number().int(),
    in_progress: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
    successful: z.number().int(),
    success_rate: z.number().nullable().describe("successful / (completed + failed); null before any call finished"),
    average_duration_seconds: z.number().nullable(),
  }),
});

const senderSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  domain: z.string(),
  category: senderCategorySchema,
  sender_type: senderTypeSchema,
  email_count: z.number().int(),
  latest_date: z.string().nullable(),
});

export const senderAnalyticsSchema = z.object({
  totals: z.object({ senders: z.number().int(), emails: z.number().int(), unassigned: z.number().int() }),
  by_category: z.array(z.object({ category: senderCategorySchema, senders: z.number().int(), emails: z.number().int() })),
  top_senders: z.array(senderSummary),
  unsubscribe_candidates: z.array(
    senderSummary.extend({
      reason: z.enum(["category", "suggested"]).describe("category: filed under why-did-i-signup; suggested: PookAi suggests it"),
      unsubscribe: z.object({ available: z.boolean(), one_click: z.boolean(), status: z.enum(["requested", "succeeded", "failed", "manual"]).nullable() }),
    }),
  ),
});

export type CallAnalyticsQuery = z.infer<typeof callAnalyticsQuerySchema>;
export type SenderAnalyticsQuery = z.infer<typeof senderAnalyticsQuerySchema>;
export type CallAnalytics = z.infer<typeof callAnalyticsSchema>;
export type SenderAnalytics = z.infer<typeof senderAnalyticsSchema>;
