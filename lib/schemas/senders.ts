import { z } from "zod";
import { SENDER_CATEGORIES, SENDER_TYPES } from "@/lib/schemas/enums";
import { paginationQuerySchema } from "./common";

export const senderCategorySchema = z.enum(SENDER_CATEGORIES, { error: `Must be one of ${SENDER_CATEGORIES.join(", ")}` });
export const senderTypeSchema = z.enum(SENDER_TYPES, { error: `Must be one of ${SENDER_TYPES.join(", ")}` });

export const SENDER_SORT_FIELDS = ["email_count", "latest_date", "name", "email"] as const;

export const listSendersQuerySchema = paginationQuerySchema.extend({
  category: senderCategorySchema.optional(),
  sender_type: senderTypeSchema.optional(),
  search: z.string().trim().max(200, { error: "Search is at most 200 characters" }).optional(),
  domain: z.string().trim().toLowerCase().max(253).optional(),
  sort: z.enum(SENDER_SORT_FIELDS, { error: `Must be one of ${SENDER_SORT_FIELDS.join(", ")}` }).default("email_count"),
  order: z.enum(["asc", "desc"], { error: "Must be asc or desc" }).optional(),
});

export const updateCategoryBodySchema = z.strictObject({ category: senderCategorySchema });

export const MAX_BULK_UPDATES = 5000;

export const bulkUpdateBodySchema = z.strictObject({
  updates: z
    .array(z.strictObject({ sender_id: z.uuid({ error: "Must be a sender id" }), category: senderCategorySchema }), {
      error: "updates must be a list",
    })
    .min(1, { error: "Provide at least one update" })
    .max(MAX_BULK_UPDATES, { error: `At most ${MAX_BULK_UPDATES} updates per request` })
    .refine((u) => new Set(u.map((x) => x.sender_id)).size === u.length, { error: "Each sender may appear only once" }),
});

export const senderSchema = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  email: z.string(),
  domain: z.string(),
  name: z.string(),
  category: senderCategorySchema,
  category_source: z.enum(["default", "rule", "user"]),
  suggested_category: senderCategorySchema.nullable(),
  email_count: z.number().int(),
  latest_subject: z.string(),
  latest_date: z.string().nullable(),
  latest_preview: z.string(),
  sender_type: senderTypeSchema,
  list_id: z.string().nullable(),
  unsubscribe: z.object({
    available: z.boolean(),
    one_click: z.boolean(),
    status: z.enum(["requested", "succeeded", "failed", "manual"]).nullable(),
    unsubscribed_at: z.string().nullable(),
  }),
  created_at: z.string(),
  updated_at: z.string(),
});

export type ListSendersQuery = z.infer<typeof listSendersQuerySchema>;
export type BulkUpdateBody = z.infer<typeof bulkUpdateBodySchema>;
export type SenderDto = z.infer<typeof senderSchema>;
