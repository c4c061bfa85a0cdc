"use server";

import { revalidatePath } from "next/cache";
import { AppError } from "@/lib/api/errors";
import { enforceRateLimit } from "@/lib/api/rate-limit";
import { runAction } from "@/lib/api/run-action";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { revokeSession } from "@/lib/auth/manage-sessions";
import { sendVerificationEmail } from "@/lib/auth/verify-email";
import { uuidSchema } from "@/lib/schemas/common";
import { updateProfileBodySchema } from "@/lib/schemas/users";
import { deleteAccount } from "@/lib/users/delete-account";
import { updateProfile } from "@/lib/users/update-profile";

/** Name, time zone and phone number, as PUT /api/users/profile. An empty phone field removes the number. */
export async function updateProfileAction(input: { name: string; timezone: string; phone_number: string }) {
  return runAction("updateProfileAction", async () => {
    const { user } = await getCurrentUser();
    const phone = input.phone_number.replace(/[\s().-]/g, "");
    const body = updateProfileBodySchema.parse({ name: input.name, timezone: input.timezone, phone_number: phone === "" ? null : phone });
    const updated = await updateProfile(user.id, body);
    // The name shows in the shell and the time zone in every date on every page.
    revalidatePath("/", "layout");
    return { user: updated };
  });
}

/** Revoke one of the user's sessions; revoking this browser's own session signs it out. */
export async function revokeSessionAction(sessionId: string) {
  return runAction("revokeSessionAction", async () => {
    const { user, sessionId: current } = await getCurrentUser();
    const id = uuidSchema.parse(sessionId);
    await revokeSession(user.id, id);
    revalidatePath("/settings");
    return { current: id === current };
  });
}

/** A fresh verification link (the old ones keep working until they expire); 5 per minute at most. */
export async function resendVerificationAction() {
  return runAction("resendVerificationAction", async () => {
    const { user } = await getCurrentUser();
    if (user.email_verified_at) throw new AppError("CONFLICT", "Your email is already verified");
    await enforceRateLimit("auth", `verify:${user.id}`);
    await sendVerificationEmail(user);
    return { email: user.email };
  });
}

/** Delete the account after the user typed their email to confirm; every session ends at once. */
export async function deleteAccountAction(confirmation: string) {
  return runAction("deleteAccountAction", async () => {
    const { user } = await getCurrentUser();
    if (confirmation.trim().toLowerCase() !== user.email.toLowerCase()) {
      throw new AppError("VALIDATION_ERROR", "Type your email address exactly to confirm", { confirmation: ["Does not match your email address"] });
    }
    return deleteAccount(user.id);
  });
}
