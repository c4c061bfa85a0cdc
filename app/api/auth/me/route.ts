import { withUser } from "@/lib/api/with-user";
import { serializeUser } from "@/lib/users/serialize-user";

// GET /api/auth/me - the signed-in user
export const GET = withUser(async ({ user }) => ({ user: serializeUser(user) }));
