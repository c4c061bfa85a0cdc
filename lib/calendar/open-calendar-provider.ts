import { and, eq } from "drizzle-orm";
import { decryptJson, encryptJson } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { calendarIntegrations } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { createCalendarProvider } from "@/lib/providers/calendar/create-calendar-provider";
import type { CalendarProvider } from "@/lib/providers/calendar/types";
import type { CalendarIntegrationRow } from "./get-calendar-integration-or-throw";

/**
 * The provider for a stored calendar: credentials decrypted only here, and tokens the provider
 * refreshes written back encrypted, so a rotated Microsoft refresh token is never lost.
 */
export function openCalendarProvider(integration: CalendarIntegrationRow, timeZone: string): CalendarProvider {
  const credentials = integration.credentials_encrypted ? (decryptJson(integration.credentials_encrypted) as Record<string, unknown>) : {};
  return createCalendarProvider({
    provider: integration.provider,
    credentials,
    accountKey: integration.id,
    timeZone,
    onCredentialsUpdate: async (updated) => {
      try {
        const db = await getDb();
        await db
          .update(calendarIntegrations)
          .set({ credentials_encrypted: encryptJson(updated), updated_at: new Date() })
          .where(and(eq(calendarIntegrations.id, integration.id), eq(calendarIntegrations.user_id, integration.user_id)));
      } catch (error) {
        logger.error("could not persist refreshed calendar credentials", { integration_id: integration.id, error });
      }
    },
  });
}
