import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { callStatus, callType } from "./enums";
import { users } from "./users";

export const callLogs = pgTable(
  "call_logs",
  {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    call_type: callType().notNull(),
    status: callStatus().notNull().default("scheduled"),
    priority: text({ enum: ["high", "medium"] }),
    scheduled_at: timestamp({ withTimezone: true }).notNull(),
    started_at: timestamp({ withTimezone: true }),
    completed_at: timestamp({ withTimezone: true }),
    duration_seconds: integer(),
    content_summary: text().notNull().default(""),
    script: text(),
    audio_url: text(),
    provider: text(),
    provider_call_id: text(),
    attempts: integer().notNull().default(0),
    commands: jsonb()
      .$type<{ at: string; input: string; action: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    transcript: text(),
    success: boolean(),
    error: text(),
    llm_latency_ms: integer(),
    tts_latency_ms: integer(),
    // One call per trigger (message ids, meeting id, digest day): a retried event never calls twice.
    idempotency_key: text(),
    message_ids: jsonb()
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    is_test: boolean().notNull().default(false),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updated_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("call_logs_user_id_scheduled_idx").on(t.user_id, t.scheduled_at.desc()),
    index("call_logs_user_id_type_idx").on(t.user_id, t.call_type, t.scheduled_at.desc()),
    uniqueIndex("call_logs_user_idempotency_key").on(t.user_id, t.idempotency_key),
    index("call_logs_provider_call_id_idx").on(t.provider_call_id),
  ],
);
