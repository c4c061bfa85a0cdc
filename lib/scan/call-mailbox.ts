import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { withMailProvider } from "@/lib/integrations/mail-provider-pool";
import { MailProviderError, type MailProvider } from "@/lib/providers/mail/types";
import type { MailboxJob } from "./load-mailbox-job";
import { MailboxCredentialsRefusedError } from "./mailbox-job-errors";

/**
 * One provider call of a mailbox job. Refused credentials are not worth retrying: the mailbox is
 * marked as in error (unless it was disconnected meanwhile) and MailboxCredentialsRefusedError
 * ends the job. Anything else is thrown as it is, for the workflow to retry.
 */
export async function callMailbox<T>(integration: MailboxJob["integration"], fn: (p: MailProvider) => Promise<T>): Promise<T> {
  try {
    return await withMailProvider(integration, fn);
  } catch (error) {
    if (!(error instanceof MailProviderError && error.kind === "auth")) throw error;
    const refused = new MailboxCredentialsRefusedError(`The mailbox refused our credentials (${error.message}); connect it again`, { cause: error });
    const db = await getDb();
    await db.execute(
      sql`update email_integrations set status = 'error', last_error = ${refused.message.slice(0, 500)}, updated_at = now()
           where id = ${integration.id} and status <> 'disconnected'`,
    );
    throw refused;
  }
}
