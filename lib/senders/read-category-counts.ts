import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { prepared } from "@/lib/db/prepared";
import { senderCategoryCounts } from "@/lib/db/schema";
import { SENDER_CATEGORIES, type SenderCategory } from "@/lib/schemas/enums";

/** Senders per category from the trigger-maintained counters (every category present, zeros included). */
export async function readCategoryCounts(userId: string): Promise<Record<SenderCategory, number>> {
  const db = await getDb();
  const rows = await prepared(db, "read_category_counts", (d) =>
    d
      .select({ category: senderCategoryCounts.category, count: senderCategoryCounts.count })
      .from(senderCategoryCounts)
      .where(eq(senderCategoryCounts.user_id, sql.placeholder("userId")))
      .prepare("read_category_counts"),
  ).execute({ userId });
  const counts = Object.fromEntries(SENDER_CATEGORIES.map((c) => [c, 0])) as Record<SenderCategory, number>;
  for (const r of rows) counts[r.category] = r.count;
  return counts;
}
