import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { createRule, listRules } from "@/lib/rules/manage-rules";
import { createRuleBodySchema } from "@/lib/schemas/rules";

// GET /api/rules - the user's domain / email / List-Id rules
export const GET = withUser(async ({ user }) => ({ rules: await listRules(user.id) }));

// POST /api/rules - create a rule and apply it to existing senders (per-sender choices win)
export const POST = withUser(async ({ user, body }) => {
  const { created, ...result } = await createRule(user.id, createRuleBodySchema.parse(body));
  return ok(result, { status: created ? 201 : 200, message: `Rule applied to ${result.applied_count} sender(s)` });
});
