import { withUser } from "@/lib/api/with-user";
import { getSenderAnalytics } from "@/lib/analytics/get-sender-analytics";
import { senderAnalyticsQuerySchema } from "@/lib/schemas/analytics";

// GET /api/analytics/senders - mail volume by category, top senders, unsubscribe candidates (limit=10)
export const GET = withUser(async ({ user, searchParams }) => getSenderAnalytics(user.id, senderAnalyticsQuerySchema.parse(Object.fromEntries(searchParams))));
