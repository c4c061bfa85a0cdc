import { withUser } from "@/lib/api/with-user";
import { getNextDigest } from "@/lib/calls/get-next-digest";

// GET /api/calls/next-digest - when the next daily digest call happens and what it will cover
export const GET = withUser(async ({ user }) => getNextDigest(user));
