import { withUser } from "@/lib/api/with-user";
import { serializeUser } from "@/lib/users/serialize-user";
import { updateProfile } from "@/lib/users/update-profile";

// GET /api/users/profile - the user's profile
export const GET = withUser(async ({ user }) => ({ user: serializeUser(user) }));

// PUT /api/users/profile - change name, time zone (IANA) or phone number (normalised to E.164)
export const PUT = withUser(async ({ user, body }) => ({ user: await updateProfile(user.id, body) }));
