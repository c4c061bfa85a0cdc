"use server";

import { revalidatePath } from "next/cache";
import { withAction } from "@/lib/api/with-action";
import { getNextDigest } from "@/lib/calls/get-next-digest";
import { resetPreferences } from "@/lib/preferences/reset-preferences";
import { updatePreferences } from "@/lib/preferences/update-preferences";
import { updatePreferencesBodySchema } from "@/lib/schemas/preferences";

/** Save some preferences (audited with source "ui") and say when the next digest call now is. */
export const updatePreferencesAction = withAction("updatePreferencesAction", async ({ user }, patch: Record<string, unknown>) => {
  const preferences = await updatePreferences(user.id, updatePreferencesBodySchema.parse(patch), "ui");
  revalidatePath("/");
  return { preferences, nextDigest: await getNextDigest(user) };
});

/** Smart defaults derived from the user's senders (audited with source "reset"). */
export const resetPreferencesAction = withAction("resetPreferencesAction", async ({ user }) => {
  const preferences = await resetPreferences(user.id);
  revalidatePath("/");
  return { preferences, nextDigest: await getNextDigest(user) };
});
