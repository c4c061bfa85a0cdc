"use server";

import { revalidatePath } from "next/cache";
import { AppError } from "@/lib/errors";
import { withAction } from "@/lib/api/with-action";
import { revokeSession } from "@/lib/auth/manage-sessions";
import { resendVerificationEmail } from "@/lib/auth/resend-verification-email";
import { uuidSchema } from "@/lib/schemas/common";
import { deleteAccount } from "@/lib/auth/delete-account";
import { updateProfile } from "@/lib/users/update-profile";

/** Name, time zone and phone number, as PUT /api/users/profile (same normalisation). An empty phone field removes the number. */
export const updateProfileAction = withAction("updateProfileAction", async ({ user }, input: { name: string; timezone: string; phone_number: string }) => {
  const updated = await updateProfile(user.id, { name: input.name, timezone: input.timezone, phone_number: input.phone_number });
  // The name shows in the shell and the time zone in every date on every page.
  revalidatePath("/", "layout");
  return { user: updated };
});

/** Revoke one of the user's sessions; revoking this browser's own session signs it out. */
export const revokeSessionAction = withAction("revokeSessionAction", async ({ user, sessionId: current }, sessionId: string) => {
  const id = uuidSchema.parse(sessionId);
  await revokeSession(user.id, id);
  revalidatePath("/settings");
  return { current: id === current };
});

/** A fresh verification link (the old ones keep working until they expire); 5 per minute at most. */
export const resendVerificationAction = withAction("resendVerificationAction", async ({ user }) => resendVerificationEmail(user));

/** Delete the account after the user typed their email to confirm; every session ends at once. */
export const deleteAccountAction = withAction("deleteAccountAction", async ({ user }, confirmation: string) => {
  if (confirmation.trim().toLowerCase() !== user.email.toLowerCase()) {
    throw new AppError("VALIDATION_ERROR", "Type your email address exactly to confirm", { confirmation: ["Does not match your email address"] });
  }
  return deleteAccount(user.id);
});
