import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { resetPreferences } from "@/lib/preferences/reset-preferences";

// POST /api/preferences/reset - smart defaults derived from the user's senders
export const POST = withUser(async ({ user }) => ok({ preferences: await resetPreferences(user.id) }, { message: "Preferences reset to smart defaults" }));
