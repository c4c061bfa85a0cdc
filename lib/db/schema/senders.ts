import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { RULE_MATCH_TYPES } from "../../schemas/enums";
import { senderCategory, senderType } from "./enums";
import { timestamps, users } from "./users";

export const emailSenders = pgTable(
  "email_senders",
  {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text().notNull(),
    domain: text().notNull(),
    name: text().notNull().default(""),
    category: senderCategory().notNull().default("unassigned"),
    // Who decided the category: the user beats a rule, a rule beats the default.
    category_source: text({ enum: ["default", "rule", "user"] })
      .notNull()
      .default("default"),
    suggested_category: senderCategory(),
    email_count: integer().notNull().default(0),
    latest_subject: text().notNull().default(""),
    latest_date: timestamp({ withTimezone: true }),
    latest_preview: text().notNull().default(""),
    sender_type: senderType().notNull().default("personal"),
    sender_type_source: text({ enum: ["headers", "llm"] })
      .notNull()
      .default("headers"),
    list_id: text(),
    unsubscribe_http: text(),
    unsubscribe_mailto: text(),
    unsubscribe_one_click: boolean().notNull().default(false),
    unsubscribe_status: text({ enum: ["requested", "succeeded", "failed", "manual"] }),
    unsubscribed_at: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("email_senders_user_id_email_key").on(t.user_id, t.email),
    // Listing orders: (column desc, id asc) read forwards, (column asc, id desc) read backwards.
    index("email_senders_user_id_category_count_idx").on(t.user_id, t.category, t.email_count.desc(), t.id),
    index("email_senders_user_id_count_idx").on(t.user_id, t.email_count.desc(), t.id),
    index("email_senders_user_id_latest_nulls_last_idx").on(t.user_id, t.latest_date.desc().nullsLast(), t.id),
    index("email_senders_user_id_category_latest_idx").on(t.user_id, t.category, t.latest_date.desc().nullsLast(), t.id),
    index("email_senders_user_id_name_idx").on(t.user_id, t.name, t.id),
    index("email_senders_user_id_domain_idx").on(t.user_id, t.domain),
    index("email_senders_user_id_list_id_idx")
      .on(t.user_id, t.list_id)
      .where(sql`${t.list_id} is not null`),
  ],
);

/**
 * Senders per (user, category), kept exact by statement-level triggers on email_senders (see the
 * sender_category_counts migration): listing totals and triage tabs never count 50,000 rows.
 */
export const senderCategoryCounts = pgTable(
  "sender_category_counts",
  {
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    category: senderCategory().notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.user_id, t.category] })],
);

export const senderRules = pgTable(
  "sender_rules",
  {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    match_type: text({ enum: RULE_MATCH_TYPES }).notNull(),
    match_value: text().notNull(),
    category: senderCategory().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("sender_rules_user_match_key").on(t.user_id, t.match_type, t.match_value)],
);
