import { desc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { calendarIntegrations } from "@/lib/db/schema";
import { summarizeAccounts } from "@/lib/integrations/summarize-accounts";

/** Whether a calendar is connected, the main one's provider and last sync, and every calendar in detail. */
export async function getCalendarStatus(userId: string) {
  const db = await getDb();
  return summarizeAccounts(
    await db.select().from(calendarIntegrations).where(eq(calendarIntegrations.user_id, userId)).orderBy(desc(calendarIntegrations.updated_at)),
  );
}
