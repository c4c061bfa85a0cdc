import { and, eq, isNull, sql } from "drizzle-orm";
import { AppError, notFound, toAppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { updateProfileBodySchema } from "@/lib/schemas/users";
import { normalizePhoneNumber } from "./normalize-phone-number";
import { serializeUser } from "./serialize-user";

/**
 * Change the user's name, time zone or phone number, as PUT /api/users/profile or the settings form
 * sends them. The phone number is normalised to E.164 here, for both; every field's error is
 * reported at once, and a bad field changes nothing. A new number must be confirmed again before
 * PookAi calls it.
 */
export async function updateProfile(userId: string, body: unknown) {
  const parsed = updateProfileBodySchema.safeParse(body);
  const details: Record<string, string[]> = parsed.success ? {} : (toAppError(parsed.error).details as Record<string, string[]>);
  let phone: string | null | undefined;
  const rawPhone = (body as { phone_number?: unknown } | null)?.phone_number;
  if (typeof rawPhone === "string" || rawPhone === null) {
    try {
      phone = normalizePhoneNumber(rawPhone);
    } catch (error) {
      Object.assign(details, (error as AppError).details);
    }
  }
  if (!parsed.success || Object.keys(details).length) throw new AppError("VALIDATION_ERROR", "Invalid input data", details);
  const db = await getDb();
  const [user] = await db
    .update(users)
    .set({
      ...parsed.data,
      ...(phone !== undefined
        ? {
            phone_number: phone,
            phone_confirmed_at: sql`case when ${users.phone_number} is not distinct from ${phone} then ${users.phone_confirmed_at} end`,
          }
        : {}),
      updated_at: new Date(),
    })
    .where(and(eq(users.id, userId), isNull(users.deleted_at)))
    .returning();
  if (!user) throw notFound("User");
  return serializeUser(user);
}
