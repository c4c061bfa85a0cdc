import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { calendarIntegrations } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { serializeIntegration } from "@/lib/integrations/serialize-integration";
import { getCalendarIntegrationOrThrow } from "./get-calendar-integration-or-throw";
import { openCalendarProvider } from "./open-calendar-provider";

/** Disconnect a calendar: revoke the grant where the provider allows it (best effort) and forget the credentials. */
export async function disconnectCalendarIntegration(user: { id: string; timezone: string }, integrationId: string) {
  const integration = await getCalendarIntegrationOrThrow(user.id, integrationId);
  let revoked = false;
  if (integration.credentials_encrypted && integration.status !== "disconnected") {
    try {
      const provider = openCalendarProvider(integration, user.timezone);
      if (provider.revoke) {
        await provider.revoke();
        revoked = true;
      }
    } catch (error) {
      logger.warn("revoking calendar access failed; disconnecting anyway", { integration_id: integration.id, provider: integration.provider, error });
    }
  }
  const db = await getDb();
  const [row] = await db
    .update(calendarIntegrations)
    .set({ status: "disconnected", credentials_encrypted: null, sync_cursor: null, updated_at: new Date() })
    .where(and(eq(calendarIntegrations.id, integration.id), eq(calendarIntegrations.user_id, user.id)))
    .returning();
  return { integration: serializeIntegration(row!), revoked };
}
