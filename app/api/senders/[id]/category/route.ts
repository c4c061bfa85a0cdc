import { withUser } from "@/lib/api/with-user";
import { updateCategoryBodySchema } from "@/lib/schemas/senders";
import { setSenderCategory } from "@/lib/senders/set-sender-category";

// PUT /api/senders/:id/category - assign a sender to a category
export const PUT = withUser<"id">(async ({ user, params, body }) => {
  const { category } = updateCategoryBodySchema.parse(body);
  return { sender: await setSenderCategory(user.id, params.id, category) };
});
