"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/api/run-action";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getNextDigest } from "@/lib/calls/get-next-digest";
import { resetPreferences } from "@/lib/preferences/reset-preferences";
import { updatePreferences } from "@/lib/preferences/update-preferences";
import { updatePreferencesBodySchema } from "@/lib/schemas/preferences";

/** Save some preferences (audited with source "ui") and say when the next digest call now is. */
export async function updatePreferencesAction(patch: Record<string, unknown>) {
  return runAction("updatePreferencesAction", async () => {
    const { user } = await getCurrentUser();
    const preferences = await updatePreferences(user.id, updatePreferencesBodySchema.parse(patch), "ui");
    revalidatePath("/");
    return { preferences, nextDigest: await getNextDigest(user) };
  });
}

/** Smart defaults derived from the user's senders (audited with source "reset"). */
export async function resetPreferencesAction() {
  return runAction("resetPreferencesAction", async () => {
    const { user } = await getCurrentUser();
    const preferences = await resetPreferences(user.id);
    revalidatePath("/");
    return { preferences, nextDigest: await getNextDigest(user) };
  });
}
