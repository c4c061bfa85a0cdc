import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { startJobBodySchema } from "@/lib/schemas/integrations";
import { startMailboxJob } from "@/lib/scan/start-mailbox-job";

// POST /api/senders/scan - scan the mailbox for senders (a job already running is returned)
export const POST = withUser(async ({ user, body }) => {
  const { job_id, status, created } = await startMailboxJob(user.id, "scan", startJobBodySchema.parse(body) ?? {});
  return ok({ job_id, status }, { status: created ? 202 : 200 });
});
