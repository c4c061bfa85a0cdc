import type { PublicUser } from "@/lib/schemas/common";
import type { users } from "@/lib/db/schema";

type UserRow = typeof users.$inferSelect;

/** The user as the API shows it: never the password hash or deletion bookkeeping. */
export function serializeUser(user: UserRow): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    timezone: user.timezone,
    phone_number: user.phone_number,
    phone_confirmed: user.phone_number !== null && user.phone_confirmed_at !== null,
    email_verified: user.email_verified_at !== null,
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
  };
}
