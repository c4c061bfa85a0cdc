import { and, eq, isNull } from "drizzle-orm";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import type { UpdateProfileBody } from "@/lib/schemas/users";
import { serializeUser } from "./serialize-user";

export async function updateProfile(userId: string, input: UpdateProfileBody) {
  const db = await getDb();
  const [user] = await db
    .update(users)
    .set({ ...input, updated_at: new Date() })
    .where(and(eq(users.id, userId), isNull(users.deleted_at)))
    .returning();
  if (!user) throw notFound("User");
  return serializeUser(user);
}
