import { ok } from "@/lib/api/envelope";
import { withPublic } from "@/lib/api/with-user";
import { registerUser } from "@/lib/auth/register-user";
import { registerBodySchema } from "@/lib/schemas/auth";

// POST /api/auth/register - create an account and sign in
export const POST = withPublic(
  async ({ body, meta }) => {
    const input = registerBodySchema.parse(body);
    return ok(await registerUser(input, meta), { status: 201, message: "Account created; check your email to verify it" });
  },
  { rateLimit: "register" },
);
