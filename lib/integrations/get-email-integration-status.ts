import { desc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { emailIntegrations } from "@/lib/db/schema";
import { summarizeAccounts } from "./summarize-accounts";

/** Seed 000's {connected, provider, last_sync} for the main mailbox, plus every mailbox in detail. */
export async function getEmailIntegrationStatus(userId: string) {
  const db = await getDb();
  return summarizeAccounts(await db.select().from(emailIntegrations).where(eq(emailIntegrations.user_id, userId)).orderBy(desc(emailIntegrations.updated_at)));
}
