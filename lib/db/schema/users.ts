import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const timestamps = {
  created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updated_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull().default(""),
    timezone: text().notNull().default("UTC"),
    phone_number: text(),
    // When the user proved phone_number is theirs (a confirmation call); cleared when the number changes.
    phone_confirmed_at: timestamp({ withTimezone: true }),
    password_hash: text(),
    email_verified_at: timestamp({ withTimezone: true }),
    ...timestamps,
    // Soft delete: login is refused at once; the purge workflow removes every row after purge_after.
    deleted_at: timestamp({ withTimezone: true }),
    purge_after: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("users_email_active_key")
      .on(sql`lower(${t.email})`)
      .where(sql`${t.deleted_at} is null`),
    index("users_email_idx").on(t.email),
    index("users_purge_after_idx").on(t.purge_after),
  ],
);

export const authSessions = pgTable(
  "auth_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text({ enum: ["api", "browser"] })
      .notNull()
      .default("api"),
    refresh_token_hash: text(),
    // The hash the last rotation replaced: presenting it again means the token leaked.
    previous_refresh_token_hash: text(),
    user_agent: text(),
    ip: text(),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    last_used_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expires_at: timestamp({ withTimezone: true }).notNull(),
    revoked_at: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("auth_sessions_user_id_idx").on(t.user_id),
    uniqueIndex("auth_sessions_refresh_token_hash_key").on(t.refresh_token_hash),
    index("auth_sessions_previous_refresh_token_hash_idx").on(t.previous_refresh_token_hash),
  ],
);

export const emailVerificationTokens = pgTable(
  "email_verification_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    user_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    token_hash: text().notNull(),
    expires_at: timestamp({ withTimezone: true }).notNull(),
    used_at: timestamp({ withTimezone: true }),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("email_verification_tokens_hash_key").on(t.token_hash), index("email_verification_tokens_user_id_idx").on(t.user_id)],
);

export { timestamps };
