import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { emailIntegrations } from "@/lib/db/schema";
import type { SyncCursor } from "@/lib/providers/mail/types";

/**
 * What an integration remembers between runs (email_integrations.sync_cursor): the provider cursor
 * incremental sync continues from, and an unfinished full scan to resume (the page to fetch next,
 * how much was done, and the cursor taken before it started so mail arriving meanwhile is synced).
 */
export type SyncState = {
  cursor: SyncCursor | null;
  scan: {
    page_token: string | null;
    processed: number;
    total: number | null;
    pending_cursor: SyncCursor;
    /** A resync lists mail seen before; only mail received after this instant may ring (ISO). */
    urgent_since?: string | null;
  } | null;
};

export function readSyncState(value: unknown): SyncState {
  const v = (value ?? {}) as Partial<SyncState>;
  return { cursor: v.cursor ?? null, scan: v.scan ?? null };
}

/** Store what the mailbox remembers between runs. */
export async function saveSyncState(integrationId: string, state: SyncState): Promise<void> {
  const db = await getDb();
  await db.update(emailIntegrations).set({ sync_cursor: state, updated_at: new Date() }).where(eq(emailIntegrations.id, integrationId));
}
