import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { deleteAccount } from "@/lib/auth/delete-account";

// DELETE /api/users/account - delete the account (sign-in refused now, data purged after the grace period)
export const DELETE = withUser(async ({ user }) =>
  ok(await deleteAccount(user.id), { message: "Account deleted; all data will be purged after the grace period" }),
);
