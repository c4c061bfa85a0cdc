import { and, eq, gt, isNull } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { randomToken, sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { emailVerificationTokens, users } from "@/lib/db/schema";
import { appUrl, env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { serializeUser } from "@/lib/users/serialize-user";

const TOKEN_TTL_MS = 48 * 3600_000;

/**
 * Create a verification token and deliver its link. PookAi has no outgoing mail transport yet,
 * so the link is logged in development; elsewhere only the fact that a link was issued is logged.
 */
export async function sendVerificationEmail(user: typeof users.$inferSelect): Promise<void> {
  const token = randomToken();
  const db = await getDb();
  await db.insert(emailVerificationTokens).values({
    user_id: user.id,
    token_hash: sha256(token),
    expires_at: new Date(Date.now() + TOKEN_TTL_MS),
  });
  const link = `${appUrl()}/verify-email?token=${encodeURIComponent(token)}`;
  if (env().NODE_ENV === "development") {
    // Printed on purpose: in development this line is the "email". Not through the redacting logger.
    console.log(`[pookai] verify ${user.email}: ${link}`);
  } else {
    logger.info("verification link issued", { user_id: user.id });
  }
  verificationHooks.forEach((hook) => hook(user.email, token));
}

/** Observers of issued tokens (tests read the "email" here instead of scraping logs). */
export const verificationHooks = new Set<(email: string, token: string) => void>();

/** Mark the token's user verified; a used, expired or unknown token is a VALIDATION_ERROR. */
export async function verifyEmail(token: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(emailVerificationTokens)
      .set({ used_at: new Date() })
      .where(
        and(eq(emailVerificationTokens.token_hash, sha256(token)), isNull(emailVerificationTokens.used_at), gt(emailVerificationTokens.expires_at, new Date())),
      )
      .returning({ user_id: emailVerificationTokens.user_id });
    if (!row) throw new AppError("VALIDATION_ERROR", "This verification link is invalid or has expired", { token: ["Invalid or expired"] });
    const [user] = await tx
      .update(users)
      .set({ email_verified_at: new Date(), updated_at: new Date() })
      .where(and(eq(users.id, row.user_id), isNull(users.deleted_at)))
      .returning();
    if (!user) throw new AppError("VALIDATION_ERROR", "This verification link is invalid or has expired", { token: ["Invalid or expired"] });
    return { user: serializeUser(user) };
  });
}
