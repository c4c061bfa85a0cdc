import { sql, type SQL } from "drizzle-orm";
import type { SenderCategory } from "@/lib/schemas/enums";

/** A category as a typed SQL value: category names reach SQL as parameters TypeScript has checked, never as literals. */
export function categoryParam(category: SenderCategory): SQL {
  return sql`${category}::sender_category`;
}
