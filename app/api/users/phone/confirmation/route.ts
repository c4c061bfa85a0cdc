import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { startPhoneConfirmation } from "@/lib/calls/phone-confirmation";

// POST /api/users/phone/confirmation - place a call that reads a code to the user's phone number
export const POST = withUser(async ({ user }) => ok(await startPhoneConfirmation(user.id), { status: 201, message: "Confirmation call placed" }));
