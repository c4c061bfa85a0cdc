import { eq } from "drizzle-orm";
import { decryptJson, encryptJson } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { emailIntegrations } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { createMailProvider } from "@/lib/providers/mail/create-mail-provider";
import type { MailProvider } from "@/lib/providers/mail/types";
import type { IntegrationRow } from "./serialize-integration";

/**
 * The provider for a stored integration: credentials decrypted only here, and tokens the provider
 * refreshes written back encrypted, so a restart never loses a rotated refresh token.
 */
export async function openMailProvider(integration: IntegrationRow): Promise<MailProvider> {
  const credentials = integration.credentials_encrypted ? (decryptJson(integration.credentials_encrypted) as Record<string, unknown>) : {};
  return createMailProvider({
    provider: integration.provider,
    credentials,
    mailboxKey: integration.id,
    onCredentialsUpdate: async (updated: unknown) => {
      try {
        const db = await getDb();
        await db
          .update(emailIntegrations)
          .set({ credentials_encrypted: encryptJson(updated), updated_at: new Date() })
          .where(eq(emailIntegrations.id, integration.id));
      } catch (error) {
        logger.error("could not persist refreshed mail credentials", { integration_id: integration.id, error });
      }
    },
  });
}
