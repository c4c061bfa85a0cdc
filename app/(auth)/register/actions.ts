"use server";

import { headers } from "next/headers";
import { clientMetaFromHeaders } from "@/lib/request/client-meta";
import { enforceAuthLimits } from "@/lib/rate-limit/enforce-rate-limits";
import { runAction } from "@/lib/api/run-action";
import { createUserAccount } from "@/lib/auth/register-user";
import { sendVerificationEmail } from "@/lib/auth/verify-email";
import { registerBodySchema } from "@/lib/schemas/auth";
import { timezoneSchema } from "@/lib/schemas/common";

/**
 * Create the account (same service, same client address and same budgets as POST /api/auth/register)
 * and send the verification link; the browser then signs in through next-auth with the same password.
 */
export async function registerAccountAction(input: { name: string; email: string; password: string; timezone?: string }) {
  return runAction("registerAccountAction", async () => {
    // Counted before anything else, as withPublic counts the API door's requests.
    await enforceAuthLimits("register", { address: clientMetaFromHeaders(await headers()).ip, account: input.email });
    // The browser's zone is a convenience: an odd value falls back to UTC instead of failing sign-up.
    const timezone = timezoneSchema.safeParse(input.timezone).success ? input.timezone : undefined;
    const body = registerBodySchema.parse({ name: input.name, email: input.email, password: input.password, ...(timezone ? { timezone } : {}) });
    const user = await createUserAccount(body);
    await sendVerificationEmail(user!);
    return { email: user!.email };
  });
}
