import { and, asc, eq } from "drizzle-orm";
import { notFound } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { senderRules } from "@/lib/db/schema";
import { uuidSchema } from "@/lib/schemas/common";
import type { CreateRuleBody } from "@/lib/schemas/rules";
import { reapplyRules } from "./reapply-rules";
import { serializeRule } from "./serialize-rule";

export async function listRules(userId: string) {
  const db = await getDb();
  const rows = await db.select().from(senderRules).where(eq(senderRules.user_id, userId)).orderBy(asc(senderRules.created_at));
  return rows.map(serializeRule);
}

/**
 * Create a rule (or change the category of the rule with the same match) and apply it at once to
 * the user's existing senders; the scan applies it to future ones. Per-sender choices are kept.
 */
export async function createRule(userId: string, input: CreateRuleBody) {
  const [matchType, matchValue] = Object.entries(input.match)[0] as ["email" | "domain" | "list_id", string];
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: senderRules.id })
      .from(senderRules)
      .where(and(eq(senderRules.user_id, userId), eq(senderRules.match_type, matchType), eq(senderRules.match_value, matchValue)));
    const [rule] = await tx
      .insert(senderRules)
      .values({ user_id: userId, match_type: matchType, match_value: matchValue, category: input.category })
      .onConflictDoUpdate({
        target: [senderRules.user_id, senderRules.match_type, senderRules.match_value],
        set: { category: input.category, updated_at: new Date() },
      })
      .returning();
    const applied = await reapplyRules(userId, { tx });
    return { rule: serializeRule(rule!), applied_count: applied, created: !existing };
  });
}

/** Delete a rule; senders it categorised fall back to the next matching rule or to unassigned. */
export async function deleteRule(userId: string, ruleId: string) {
  if (!uuidSchema.safeParse(ruleId).success) throw notFound("Rule");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(senderRules)
      .where(and(eq(senderRules.id, ruleId), eq(senderRules.user_id, userId)))
      .returning({ id: senderRules.id });
    if (!deleted.length) throw notFound("Rule");
    return { reverted_count: await reapplyRules(userId, { tx }) };
  });
}
