import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { retryCall } from "@/lib/calls/retry-call";

// POST /api/calls/:id/retry - try a failed call again (a new call with the same content)
export const POST = withUser<"id">(async ({ user, params }) => {
  const { call, created } = await retryCall(user.id, params.id);
  return ok({ call }, { status: created ? 201 : 200, message: created ? "Call scheduled again" : "Already scheduled again" });
});
