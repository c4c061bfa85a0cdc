import { and, eq } from "drizzle-orm";
import { notFound } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { calendarIntegrations } from "@/lib/db/schema";
import { uuidSchema } from "@/lib/schemas/common";

export type CalendarIntegrationRow = typeof calendarIntegrations.$inferSelect;

/** The user's calendar integration; another user's (or no such id) is NOT_FOUND, never FORBIDDEN. */
export async function getCalendarIntegrationOrThrow(userId: string, integrationId: string): Promise<CalendarIntegrationRow> {
  if (!uuidSchema.safeParse(integrationId).success) throw notFound("Calendar");
  const db = await getDb();
  const [row] = await db
    .select()
    .from(calendarIntegrations)
    .where(and(eq(calendarIntegrations.id, integrationId), eq(calendarIntegrations.user_id, userId)))
    .limit(1);
  if (!row) throw notFound("Calendar");
  return row;
}
