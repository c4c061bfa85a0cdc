import { withUser } from "@/lib/api/with-user";
import { getPreferences } from "@/lib/preferences/get-preferences";
import { updatePreferences } from "@/lib/preferences/update-preferences";
import { updatePreferencesBodySchema } from "@/lib/schemas/preferences";

// GET /api/preferences - the user's preferences
export const GET = withUser(async ({ user }) => ({ preferences: await getPreferences(user.id) }));

// PUT /api/preferences - change some preferences (partial update, audited)
export const PUT = withUser(async ({ user, body }) => ({
  preferences: await updatePreferences(user.id, updatePreferencesBodySchema.parse(body), "api"),
}));
