import { withUser } from "@/lib/api/with-user";
import { getSenderOrThrow } from "@/lib/senders/get-sender-or-throw";
import { serializeSender } from "@/lib/senders/serialize-sender";

// GET /api/senders/:id - one sender
export const GET = withUser<"id">(async ({ user, params }) => ({ sender: serializeSender(await getSenderOrThrow(user.id, params.id)) }));
