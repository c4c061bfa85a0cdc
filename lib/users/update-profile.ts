import { and, eq, isNull, sql } from "drizzle-orm";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import type { UpdateProfileBody } from "@/lib/schemas/users";
import { serializeUser } from "./serialize-user";

export async function updateProfile(userId: string, input: UpdateProfileBody) {
  const db = await getDb();
  const [user] = await db
    .update(users)
    .set({
      ...input,
      // A new number must be confirmed again before PookAi calls it.
      ...(input.phone_number !== undefined
        ? { phone_confirmed_at: sql`case when ${users.phone_number} is not distinct from ${input.phone_number} then ${users.phone_confirmed_at} end` }
        : {}),
      updated_at: new Date(),
    })
    .where(and(eq(users.id, userId), isNull(users.deleted_at)))
    .returning();
  if (!user) throw notFound("User");
  return serializeUser(user);
}
