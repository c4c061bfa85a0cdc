import { withUser } from "@/lib/api/with-user";
import { confirmPhoneNumber } from "@/lib/calls/phone-confirmation";
import { confirmPhoneBodySchema } from "@/lib/schemas/calls";

// POST /api/users/phone/confirm - confirm the phone number with the code the call read out
export const POST = withUser(async ({ user, body }) => confirmPhoneNumber(user.id, confirmPhoneBodySchema.parse(body).code));
