import { withPublic } from "@/lib/api/with-user";
import { loginUser } from "@/lib/auth/login-user";
import { loginBodySchema } from "@/lib/schemas/auth";

// POST /api/auth/login - exchange email and password for an access and a refresh token
export const POST = withPublic(async ({ body, meta }) => loginUser(loginBodySchema.parse(body), meta), { rateLimit: "auth" });
