"use server";

import { withAction } from "@/lib/api/with-action";
import { createRule } from "@/lib/rules/manage-rules";
import { createRuleBodySchema } from "@/lib/schemas/rules";
import { bulkUpdateBodySchema, updateCategoryBodySchema } from "@/lib/schemas/senders";
import { uuidSchema } from "@/lib/schemas/common";
import { bulkUpdateSenders } from "@/lib/senders/bulk-update-senders";
import { setSenderCategory } from "@/lib/senders/set-sender-category";
import { unsubscribeSender } from "@/lib/senders/unsubscribe-sender";

// No revalidatePath here on purpose: the triage list keeps assigned rows in place (showing their
// new category) so the keyboard cursor never jumps; every app page is rendered per request, so
// nothing cached goes stale. The list is re-read when the user asks for the next batch.

/** One sender's category, as PUT /api/senders/:id/category does it. */
export const setSenderCategoryAction = withAction("setSenderCategoryAction", async ({ user }, senderId: string, category: string) => {
  const id = uuidSchema.parse(senderId);
  const body = updateCategoryBodySchema.parse({ category });
  const sender = await setSenderCategory(user.id, id, body.category);
  return { id: sender.id, category: sender.category };
});

/** Several senders at once, all or nothing, as POST /api/senders/bulk-update does it. */
export const bulkUpdateSendersAction = withAction("bulkUpdateSendersAction", async ({ user }, updates: { sender_id: string; category: string }[]) => {
  const body = bulkUpdateBodySchema.parse({ updates });
  return bulkUpdateSenders(user.id, body.updates);
});

/** Unsubscribe the way the sender supports: one-click right away, otherwise the link to open. */
export const unsubscribeSenderAction = withAction("unsubscribeSenderAction", async ({ user }, senderId: string) => {
  const { unsubscribe } = await unsubscribeSender(user.id, uuidSchema.parse(senderId));
  return unsubscribe;
});

/** "Apply to the whole domain": a domain rule, applied at once to the senders the user has not decided on. */
export const createDomainRuleAction = withAction("createDomainRuleAction", async ({ user }, domain: string, category: string) => {
  const body = createRuleBodySchema.parse({ match: { domain }, category });
  const { applied_count, created } = await createRule(user.id, body);
  return { applied_count, created };
});
