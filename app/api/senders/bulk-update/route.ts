import { withUser } from "@/lib/api/with-user";
import { bulkUpdateBodySchema } from "@/lib/schemas/senders";
import { bulkUpdateSenders } from "@/lib/senders/bulk-update-senders";

// POST /api/senders/bulk-update - assign categories to many senders at once (all or nothing)
export const POST = withUser(async ({ user, body }) => bulkUpdateSenders(user.id, bulkUpdateBodySchema.parse(body).updates));
