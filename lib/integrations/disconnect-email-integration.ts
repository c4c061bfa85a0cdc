import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { emailIntegrations } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { getIntegrationOrThrow } from "./get-integration-or-throw";
import { openMailProvider } from "./open-mail-provider";
import { serializeIntegration } from "./serialize-integration";

/**
 * Disconnect a mailbox: revoke the grant where the provider allows it (best effort), forget the
 * credentials and the sync cursor. Senders, messages and categories stay: nothing the user decided is lost.
 */
export async function disconnectEmailIntegration(userId: string, integrationId: string) {
  const integration = await getIntegrationOrThrow(userId, integrationId);
  let revoked = false;
  if (integration.credentials_encrypted && integration.status !== "disconnected") {
    try {
      const provider = await openMailProvider(integration);
      if (provider.revoke) {
        await provider.revoke();
        revoked = true;
      }
      await provider.close?.();
    } catch (error) {
      logger.warn("revoking mail access failed; disconnecting anyway", { integration_id: integration.id, provider: integration.provider, error });
    }
  }
  const db = await getDb();
  const [row] = await db
    .update(emailIntegrations)
    .set({ status: "disconnected", credentials_encrypted: null, sync_cursor: null, updated_at: new Date() })
    .where(and(eq(emailIntegrations.id, integration.id), eq(emailIntegrations.user_id, userId)))
    .returning();
  return { integration: serializeIntegration(row!), revoked };
}
