import { AppError } from "@/lib/errors";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limits";
import type { AuthUser } from "./authenticate-request";
import { sendVerificationEmail } from "./verify-email";

/**
 * A fresh verification link for a signed-in user (the old ones keep working until they expire):
 * CONFLICT when the address is already verified, and at most 5 per minute (the "auth" limit).
 */
export async function resendVerificationEmail(user: AuthUser): Promise<{ email: string }> {
  if (user.email_verified_at) throw new AppError("CONFLICT", "Your email is already verified");
  await enforceRateLimit("auth", `verify:${user.id}`);
  await sendVerificationEmail(user);
  return { email: user.email };
}
