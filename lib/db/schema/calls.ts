import { sql } from "drizzle-orm";
import { boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ANSWERED_BY, CALL_OUTCOMES, PROVIDER_CALL_STATUSES, SPEECH_ENGINES, VOICE_CARRIERS } from "../../schemas/enums";
import { callStatus, callType } from "./enums";
import { users } from "./users";

/** One thing a call reads out: a message (by id; its text composed from the stored mail) or a note given by the caller of the API. */
export type CallItem = {
  kind: "message" | "note";
  message_id?: string;
  sender_id?: string;
  /** Who it is from, as spoken ("Dana Lee"); empty for a note. */
  from?: string;
  subject?: string;
  /** What is said for this item. */
  text: string;
};

/** A key pressed or phrase spoken during a call, and what it changed. */
export type CallCommand = {
  at: string;
  input: string;
  action: string;
  attempt?: number;
  item?: number;
  /** What it changed, in words ("Ops Pager is now kept quiet"), and the sender or message it changed. */
  changed?: string;
  sender_id?: string;
  message_id?: string;
};

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const callLogs = pgTable(
  "call_logs",
  {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    call_type: callType().notNull(),
    // The API's summary (seed 000's four values); provider_status and outcome say more.
    status: callStatus().notNull().default("scheduled"),
    provider_status: text({ enum: PROVIDER_CALL_STATUSES }),
    answered_by: text({ enum: ANSWERED_BY }),
    outcome: text({ enum: CALL_OUTCOMES }),
    priority: text({ enum: ["high", "medium"] }),
    scheduled_at: timestamp({ withTimezone: true }).notNull(),
    started_at: timestamp({ withTimezone: true }),
    completed_at: timestamp({ withTimezone: true }),
    duration_seconds: integer(),
    content_summary: text().notNull().default(""),
    items: jsonb()
      .$type<CallItem[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    // The words composed for the call (what it will say); transcript is what was actually said and heard.
    script: text(),
    audio_url: text(),
    // The carrier: twilio, or console when no phone line is configured (nothing dialled).
    provider: text({ enum: VOICE_CARRIERS }),
    provider_call_id: text(),
    to_number: text(),
    attempts: integer().notNull().default(0),
    next_attempt_at: timestamp({ withTimezone: true }),
    // Set when the call first starts speaking: mail that arrives after it waits for a follow-up call.
    speaking_started_at: timestamp({ withTimezone: true }),
    voice: text(),
    speech_engine: text({ enum: SPEECH_ENGINES }),
    // Why the call fell back to <Say> (OpenAI speech failed or is not configured for it).
    speech_note: text(),
    commands: jsonb()
      .$type<CallCommand[]>()
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
    // The open calls of a user (new urgent mail joins one; one line per user).
    index("call_logs_user_open_idx")
      .on(t.user_id, t.call_type)
      .where(sql`${t.status} in ('scheduled', 'in-progress')`),
  ],
);

/**
 * Each time a call was dialled: the record is written before the carrier is asked to dial, so a
 * process that dies in between finds it and looks the call up at the carrier instead of dialling again.
 */
export const callAttempts = pgTable(
  "call_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    call_id: uuid()
      .notNull()
      .references(() => callLogs.id, { onDelete: "cascade" }),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    attempt: integer().notNull(),
    carrier: text({ enum: VOICE_CARRIERS }).notNull(),
    provider_call_id: text(),
    to_number: text(),
    from_number: text(),
    status: text({ enum: PROVIDER_CALL_STATUSES }),
    answered_by: text({ enum: ANSWERED_BY }),
    outcome: text({ enum: CALL_OUTCOMES }),
    dial_started_at: timestamp({ withTimezone: true }).notNull(),
    dialled_at: timestamp({ withTimezone: true }),
    answered_at: timestamp({ withTimezone: true }),
    ended_at: timestamp({ withTimezone: true }),
    duration_seconds: integer(),
    error: text(),
    updated_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("call_attempts_call_attempt_key").on(t.call_id, t.attempt),
    uniqueIndex("call_attempts_provider_call_id_key").on(t.provider_call_id),
    index("call_attempts_user_open_idx")
      .on(t.user_id)
      .where(sql`${t.ended_at} is null`),
  ],
);

/**
 * Synthesized speech, by content hash per user (a serverless function has no disk): played to the
 * carrier from a signed, expiring URL. Deleted with the user.
 */
export const callAudio = pgTable(
  "call_audio",
  {
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    hash: text().notNull(),
    content_type: text().notNull(),
    content: bytea().notNull(),
    bytes: integer().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.user_id, t.hash] })],
);

/** A phone number waiting for its owner to confirm it (a code read out on a call, typed into the app, or 1 pressed). */
export const phoneConfirmations = pgTable(
  "phone_confirmations",
  {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    phone_number: text().notNull(),
    // Encrypted (lib/crypto), never hashed: the call must read it out. Never in a script or a log.
    code_ciphertext: text().notNull(),
    call_id: uuid().references(() => callLogs.id, { onDelete: "set null" }),
    attempts: integer().notNull().default(0),
    expires_at: timestamp({ withTimezone: true }).notNull(),
    confirmed_at: timestamp({ withTimezone: true }),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("phone_confirmations_user_idx").on(t.user_id, t.created_at.desc())],
);
