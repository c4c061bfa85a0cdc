import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, boolean } from "drizzle-orm/pg-core";
import { CALENDAR_PROVIDERS, MAIL_PROVIDERS } from "../../schemas/enums";
import { timestamps, users } from "./users";
import { emailSenders } from "./senders";

const INTEGRATION_STATUSES = ["connected", "error", "disconnected"] as const;

/** The columns every connected account has (mailbox or calendar); fresh builders per table. */
function accountColumns<P extends readonly [string, ...string[]]>(providers: P) {
  return {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text({ enum: providers }).notNull(),
    account_email: text().notNull().default(""),
    // AES-256-GCM ciphertext (lib/crypto): never returned by any endpoint, never logged.
    credentials_encrypted: text(),
    status: text({ enum: INTEGRATION_STATUSES }).notNull().default("connected"),
    // Per-source sync state: gmail historyId, graph deltaLinks, imap uidvalidity/modseq/last uid.
    sync_cursor: jsonb().$type<Record<string, unknown>>(),
    last_sync_at: timestamp({ withTimezone: true }),
    last_error: text(),
    ...timestamps,
  };
}

export const emailIntegrations = pgTable("email_integrations", accountColumns(MAIL_PROVIDERS), (t) => [
  index("email_integrations_user_id_idx").on(t.user_id),
  uniqueIndex("email_integrations_user_provider_account_key").on(t.user_id, t.provider, t.account_email),
]);

export const calendarIntegrations = pgTable("calendar_integrations", accountColumns(CALENDAR_PROVIDERS), (t) => [
  index("calendar_integrations_user_id_idx").on(t.user_id),
  uniqueIndex("calendar_integrations_user_provider_account_key").on(t.user_id, t.provider, t.account_email),
]);

export const emailMessages = pgTable(
  "email_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    integration_id: uuid()
      .notNull()
      .references(() => emailIntegrations.id, { onDelete: "cascade" }),
    sender_id: uuid().references(() => emailSenders.id, { onDelete: "cascade" }),
    provider_message_id: text().notNull(),
    thread_id: text(),
    from_email: text().notNull(),
    from_name: text().notNull().default(""),
    to: text().notNull().default(""),
    subject: text().notNull().default(""),
    // Never stored for dont-tell-anyone senders; never a body, only the provider's snippet.
    preview: text().notNull().default(""),
    received_at: timestamp({ withTimezone: true }).notNull(),
    headers: jsonb()
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    is_urgent: boolean().notNull().default(false),
    urgent_reason: text(),
    urgent_event_sent_at: timestamp({ withTimezone: true }),
    // "Remind me later" pressed on a call: the message is read in the next daily digest.
    remind_later_at: timestamp({ withTimezone: true }),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("email_messages_integration_provider_id_key").on(t.integration_id, t.provider_message_id),
    index("email_messages_user_sender_received_idx").on(t.user_id, t.sender_id, t.received_at.desc()),
    index("email_messages_user_received_idx").on(t.user_id, t.received_at.desc()),
  ],
);

export const scanJobs = pgTable(
  "scan_jobs",
  {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    integration_id: uuid().references(() => emailIntegrations.id, { onDelete: "cascade" }),
    kind: text({ enum: ["scan", "sync"] })
      .notNull()
      .default("scan"),
    status: text({ enum: ["processing", "completed", "failed"] })
      .notNull()
      .default("processing"),
    progress: integer().notNull().default(0),
    processed: integer().notNull().default(0),
    total: integer(),
    error: text(),
    started_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finished_at: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [index("scan_jobs_user_id_idx").on(t.user_id, t.created_at.desc())],
);
