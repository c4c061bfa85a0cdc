import { withUser } from "@/lib/api/with-user";
import { unsubscribeSender } from "@/lib/senders/unsubscribe-sender";

// POST /api/senders/:id/unsubscribe - one-click unsubscribe (RFC 8058) or the link to open
export const POST = withUser<"id">(async ({ user, params }) => unsubscribeSender(user.id, params.id));
