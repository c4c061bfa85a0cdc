import type { emailIntegrations } from "@/lib/db/schema";

export type IntegrationRow = typeof emailIntegrations.$inferSelect;

/** The columns every connected account has (mailbox or calendar), whatever its providers. */
type AccountRow<P extends string> = Pick<IntegrationRow, "id" | "account_email" | "status" | "last_sync_at" | "last_error" | "created_at"> & { provider: P };

/** A connected account (mailbox or calendar) as the API shows it: never its credentials or sync cursor. */
export function serializeIntegration<P extends string>(i: AccountRow<P>) {
  return {
    id: i.id,
    provider: i.provider,
    account_email: i.account_email,
    status: i.status,
    last_sync: i.last_sync_at?.toISOString() ?? null,
    last_error: i.last_error,
    created_at: i.created_at.toISOString(),
  };
}
