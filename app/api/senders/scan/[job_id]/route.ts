import { withUser } from "@/lib/api/with-user";
import { getScanJob } from "@/lib/scan/get-scan-job";

// GET /api/senders/scan/:job_id - a scan's status and progress (0-100, never backwards)
export const GET = withUser<"job_id">(async ({ user, params }) => getScanJob(user.id, params.job_id));
