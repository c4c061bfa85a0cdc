"use server";

import { revalidatePath } from "next/cache";
import { withAction } from "@/lib/api/with-action";
import { confirmPhoneNumber, startPhoneConfirmation } from "@/lib/calls/phone-confirmation";
import { confirmPhoneBodySchema } from "@/lib/schemas/calls";

/** A confirmation call to the user's number (POST /api/users/phone/confirmation): it reads out a six-digit code. */
export const startPhoneConfirmationAction = withAction("startPhoneConfirmationAction", async ({ user }) => {
  const { call, expires_at } = await startPhoneConfirmation(user.id);
  revalidatePath("/calls");
  return { call_id: call.id, expires_at };
});

/** The code the confirmation call read out (POST /api/users/phone/confirm). */
export const confirmPhoneNumberAction = withAction("confirmPhoneNumberAction", async ({ user }, code: string) => {
  const result = await confirmPhoneNumber(user.id, confirmPhoneBodySchema.parse({ code }).code);
  // Every page that offers a call shows the number's state.
  revalidatePath("/", "layout");
  return result;
});
