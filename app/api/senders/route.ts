import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { listSendersQuerySchema } from "@/lib/schemas/senders";
import { listSenders } from "@/lib/senders/list-senders";

// GET /api/senders - the user's senders: page, limit, category, sender_type, domain, search, sort, order
export const GET = withUser(async ({ user, searchParams }) => {
  const { pagination, ...data } = await listSenders(user.id, listSendersQuerySchema.parse(Object.fromEntries(searchParams)));
  return ok(data, { pagination });
});
