import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { MEETING_REMINDER_FREQUENCIES, MEETING_REMINDER_METHODS, MEETING_REMINDER_TIMINGS } from "../../schemas/enums";
import { timestamps, users } from "./users";

export const userPreferences = pgTable("user_preferences", {
  id: uuid().primaryKey().defaultRandom(),
  user_id: uuid()
    .notNull()
    .unique("user_preferences_user_id_key")
    .references(() => users.id, { onDelete: "cascade" }),
  urgent_financial: boolean().notNull().default(true),
  investor_updates: boolean().notNull().default(false),
  customer_issues: boolean().notNull().default(false),
  team_urgent: boolean().notNull().default(true),
  partnership_deals: boolean().notNull().default(false),
  product_launches: boolean().notNull().default(false),
  meeting_reminder_timing: text({ enum: MEETING_REMINDER_TIMINGS }).notNull().default("15-minutes"),
  meeting_reminder_frequency: text({ enum: MEETING_REMINDER_FREQUENCIES }).notNull().default("all-meetings"),
  meeting_reminder_method: text({ enum: MEETING_REMINDER_METHODS }).notNull().default("call-only"),
  preferred_call_time: text().notNull().default("09:00"),
  voice_preference: text().notNull().default("alloy"),
  // Local times in the user's time zone; urgent calls wait for the end unless urgent_calls_in_quiet_hours.
  quiet_hours_start: text().notNull().default("21:00"),
  quiet_hours_end: text().notNull().default("08:00"),
  urgent_calls_in_quiet_hours: boolean().notNull().default(false),
  ...timestamps,
});

export const preferenceAuditLogs = pgTable(
  "preference_audit_logs",
  {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    source: text({ enum: ["api", "ui", "reset", "system"] }).notNull(),
    // { field: { from, to } } for every field that actually changed
    changes: jsonb().$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("preference_audit_logs_user_id_idx").on(t.user_id, t.created_at)],
);
