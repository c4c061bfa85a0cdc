import { count } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { emailSenders } from "@/lib/db/schema";
import { SENDER_CATEGORIES, type SenderCategory } from "@/lib/schemas/enums";
import { sendersFilter } from "./list-senders";
import { readCategoryCounts } from "./read-category-counts";

/**
 * How many of the user's senders sit in each category (every category present, zeros included),
 * optionally narrowed by the same search as the listing, so the triage tabs agree with the rows.
 * Without a search, read from the trigger-kept counters; with one, a grouped count of the matches.
 */
export async function countSendersByCategory(userId: string, q: { search?: string } = {}): Promise<Record<SenderCategory, number>> {
  // Without a search the trigger-kept counters are exact: no rows to count.
  if (!q.search) return readCategoryCounts(userId);
  const db = await getDb();
  const rows = await db
    .select({ category: emailSenders.category, n: count() })
    .from(emailSenders)
    .where(sendersFilter(userId, { search: q.search }))
    .groupBy(emailSenders.category);
  const counts = Object.fromEntries(SENDER_CATEGORIES.map((c) => [c, 0])) as Record<SenderCategory, number>;
  for (const r of rows) counts[r.category] = Number(r.n);
  return counts;
}
