import { and, eq, isNull, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { userPreferences, users } from "@/lib/db/schema";
import type { RegisterBody } from "@/lib/schemas/auth";
import { isUniqueViolation } from "@/lib/db/errors";
import type { ClientMeta } from "@/lib/request/client-meta";
import { createApiSession } from "./create-session";
import { hashPassword } from "./passwords";
import { sendVerificationEmail } from "./verify-email";

/** Create an account with default preferences, send the verification link, and sign the user in. */
export async function registerUser(input: RegisterBody, meta: ClientMeta) {
  const user = await createUserAccount(input);
  await sendVerificationEmail(user!);
  return createApiSession(user!, meta);
}

/** The account row and its preferences (shared with the browser sign-up and OAuth sign-in). */
export async function createUserAccount(input: { email: string; name: string; password?: string; timezone?: string; verified?: boolean }) {
  const db = await getDb();
  const existing = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${input.email.toLowerCase()}`, isNull(users.deleted_at)))
    .limit(1);
  if (existing.length) throw new AppError("CONFLICT", "An account with this email already exists");
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          email: input.email.toLowerCase(),
          name: input.name,
          timezone: input.timezone ?? "UTC",
          password_hash: passwordHash,
          email_verified_at: input.verified ? new Date() : null,
        })
        .returning();
      await tx.insert(userPreferences).values({ user_id: user!.id }).onConflictDoNothing();
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "An account with this email already exists");
    throw error;
  }
}

export async function findActiveUserByEmail(email: string) {
  const db = await getDb();
  const [user] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, isNull(users.deleted_at)))
    .limit(1);
  return user;
}

export async function findActiveUserById(id: string) {
  const db = await getDb();
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deleted_at)))
    .limit(1);
  return user;
}
