import type { senderRules } from "@/lib/db/schema";
import type { RuleDto } from "@/lib/schemas/rules";

export function serializeRule(r: typeof senderRules.$inferSelect): RuleDto {
  const match = r.match_type === "email" ? { email: r.match_value } : r.match_type === "domain" ? { domain: r.match_value } : { list_id: r.match_value };
  return { id: r.id, match, category: r.category, created_at: r.created_at.toISOString(), updated_at: r.updated_at.toISOString() };
}
