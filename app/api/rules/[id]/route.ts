import { ok } from "@/lib/api/envelope";
import { withUser } from "@/lib/api/with-user";
import { deleteRule } from "@/lib/rules/manage-rules";

// DELETE /api/rules/:id - delete a rule; senders it categorised fall back to other rules or unassigned
export const DELETE = withUser<"id">(async ({ user, params }) => ok(await deleteRule(user.id, params.id), { message: "Rule deleted" }));
