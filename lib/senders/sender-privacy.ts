import { sql, type SQL } from "drizzle-orm";
import type { SenderCategory } from "@/lib/schemas/enums";
import { categoryParam } from "./category-param";

/** The private category: its mail is never shown, spoken or sent to an LLM, and no preview of it is stored. */
export const PRIVATE_CATEGORY = "dont-tell-anyone" satisfies SenderCategory;

/**
 * The write-side rule for every statement that stores a preview: a private sender's preview is
 * stored empty. `category` and `preview` are the SQL expressions of the sender's category and of
 * the preview that would be stored.
 */
export function storablePreview(category: SQL, preview: SQL): SQL {
  return sql`case when ${category} = ${categoryParam(PRIVATE_CATEGORY)} then '' else ${preview} end`;
}

/**
 * The one read-side guard: what of a sender's mail may leave the service. A private sender's
 * subjects and previews never do (its previews are not even stored; its subjects are).
 */
export function visibleMail<T extends { subject: string; preview: string }>(category: SenderCategory, mail: T): T {
  return category === PRIVATE_CATEGORY ? { ...mail, subject: "", preview: "" } : mail;
}
