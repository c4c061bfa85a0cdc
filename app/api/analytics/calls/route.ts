import { withUser } from "@/lib/api/with-user";
import { getCallAnalytics } from "@/lib/analytics/get-call-analytics";
import { callAnalyticsQuerySchema } from "@/lib/schemas/analytics";

// GET /api/analytics/calls - calls per day by type, success rate, average duration (days=30)
export const GET = withUser(async ({ user, searchParams }) => getCallAnalytics(user, callAnalyticsQuerySchema.parse(Object.fromEntries(searchParams))));
