import { ok } from "@/lib/api/envelope";
import { withPublic } from "@/lib/api/with-user";
import { verifyEmail } from "@/lib/auth/verify-email";
import { verifyEmailBodySchema } from "@/lib/schemas/auth";

// POST /api/auth/verify-email - confirm the address with the token from the emailed link
export const POST = withPublic(async ({ body }) => ok(await verifyEmail(verifyEmailBodySchema.parse(body).token), { message: "Email verified" }), {
  rateLimit: "verify-email",
});
