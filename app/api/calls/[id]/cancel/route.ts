import { withUser } from "@/lib/api/with-user";
import { cancelCall } from "@/lib/calls/cancel-call";

// POST /api/calls/:id/cancel - cancel a scheduled call (one that has not started ringing)
export const POST = withUser<"id">(async ({ user, params }) => ({ call: await cancelCall(user.id, params.id) }));
