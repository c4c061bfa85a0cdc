import { withUser } from "@/lib/api/with-user";
import { getCall } from "@/lib/calls/get-call";

// GET /api/calls/:id - one call with everything its log holds (attempts, transcript, commands)
export const GET = withUser<"id">(async ({ user, params }) => ({ call: await getCall(user.id, params.id) }));
