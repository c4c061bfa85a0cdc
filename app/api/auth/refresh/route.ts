import { withPublic } from "@/lib/api/with-user";
import { refreshSession } from "@/lib/auth/refresh-session";
import { refreshBodySchema } from "@/lib/schemas/auth";

// POST /api/auth/refresh - rotate a refresh token into a new token pair
export const POST = withPublic(async ({ body, meta }) => refreshSession(refreshBodySchema.parse(body).refresh_token, meta), {
  rateLimit: "refresh",
});
