import { withUser } from "@/lib/api/with-user";
import { getCallOrThrow } from "@/lib/calls/get-call-or-throw";
import { serializeCall } from "@/lib/calls/serialize-call";

// GET /api/calls/:id - one call with everything its log holds
export const GET = withUser(async ({ user, params }) => ({ call: serializeCall(await getCallOrThrow(user.id, params.id)) }));
