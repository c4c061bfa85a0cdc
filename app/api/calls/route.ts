import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { listCalls } from "@/lib/calls/list-calls";
import { listCallsQuerySchema } from "@/lib/schemas/calls";

// GET /api/calls - call history: start_date, end_date, call_type, status, page, limit
export const GET = withUser(async ({ user, searchParams }) => {
  const { pagination, ...data } = await listCalls(user.id, listCallsQuerySchema.parse(Object.fromEntries(searchParams)));
  return ok(data, { pagination });
});
