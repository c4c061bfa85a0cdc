"use server";

import { revalidatePath } from "next/cache";
import { withAction } from "@/lib/api/with-action";
import { connectCalendarIntegration } from "@/lib/calendar/connect-calendar-integration";
import { disconnectCalendarIntegration } from "@/lib/calendar/disconnect-calendar-integration";
import { connectEmailIntegration } from "@/lib/integrations/connect-email-integration";
import { disconnectEmailIntegration } from "@/lib/integrations/disconnect-email-integration";
import { connectCalendarBodySchema } from "@/lib/schemas/calendar";
import { uuidSchema } from "@/lib/schemas/common";
import { connectEmailBodySchema } from "@/lib/schemas/integrations";
import { getScanJob } from "@/lib/scan/get-scan-job";
import { startMailboxJob } from "@/lib/scan/start-mailbox-job";

/** Connect the demo mailbox or an IMAP account (tried before anything is stored), as POST /api/integrations/email/connect. */
export const connectEmailIntegrationAction = withAction("connectEmailIntegrationAction", async ({ user }, body: unknown) => {
  const result = await connectEmailIntegration(user.id, connectEmailBodySchema.parse(body));
  revalidatePath("/integrations");
  return result;
});

/** Start a full scan of one mailbox, as POST /api/senders/scan; a scan already running is returned. */
export const startScanAction = withAction("startScanAction", async ({ user }, integrationId: string) => {
  const { job_id, status } = await startMailboxJob(user.id, "scan", { integration_id: uuidSchema.parse(integrationId) });
  return { job_id, status };
});

/** The scan's real progress, as GET /api/senders/scan/:job_id (polled by the progress bar). */
export const getScanJobAction = withAction("getScanJobAction", async ({ user }, jobId: string) => getScanJob(user.id, jobId));

/** Disconnect a mailbox; its senders and the user's decisions stay. */
export const disconnectEmailIntegrationAction = withAction("disconnectEmailIntegrationAction", async ({ user }, integrationId: string) => {
  const result = await disconnectEmailIntegration(user.id, integrationId);
  revalidatePath("/integrations");
  return { revoked: result.revoked };
});

/** Connect the demo calendar or a CalDAV account (tried before anything is stored), as POST /api/integrations/calendar/connect. */
export const connectCalendarIntegrationAction = withAction("connectCalendarIntegrationAction", async ({ user }, body: unknown) => {
  const result = await connectCalendarIntegration(user, connectCalendarBodySchema.parse(body));
  revalidatePath("/integrations");
  revalidatePath("/");
  return result;
});

/** Disconnect a calendar, as DELETE /api/integrations/calendar/:id. */
export const disconnectCalendarIntegrationAction = withAction("disconnectCalendarIntegrationAction", async ({ user }, integrationId: string) => {
  const result = await disconnectCalendarIntegration(user, integrationId);
  revalidatePath("/integrations");
  revalidatePath("/");
  return { revoked: result.revoked };
});
