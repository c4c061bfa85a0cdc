"use server";

import { runAction } from "@/lib/api/run-action";
import { getCurrentUser } from "@/lib/auth/get-current-user";
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
export async function setSenderCategoryAction(senderId: string, category: string) {
  return runAction("setSenderCategoryAction", async () => {
    const { user } = await getCurrentUser();
    const id = uuidSchema.parse(senderId);
    const body = updateCategoryBodySchema.parse({ category });
    const sender = await setSenderCategory(user.id, id, body.category);
    return { id: sender.id, category: sender.category };
  });
}

/** Several senders at once, all or nothing, as POST /api/senders/bulk-update does it. */
export async function bulkUpdateSendersAction(updates: { sender_id: string; category: string }[]) {
  return runAction("bulkUpdateSendersAction", async () => {
    const { user } = await getCurrentUser();
    const body = bulkUpdateBodySchema.parse({ updates });
    return bulkUpdateSenders(user.id, body.updates);
  });
}

/** Unsubscribe the way the sender supports: one-click right away, otherwise the link to open. */
export async function unsubscribeSenderAction(senderId: string) {
  return runAction("unsubscribeSenderAction", async () => {
    const { user } = await getCurrentUser();
    const { unsubscribe } = await unsubscribeSender(user.id, uuidSchema.parse(senderId));
    return unsubscribe;
  });
}

/** "Apply to the whole domain": a domain rule, applied at once to the senders the user has not decided on. */
export async function createDomainRuleAction(domain: string, category: string) {
  return runAction("createDomainRuleAction", async () => {
    const { user } = await getCurrentUser();
    const body = createRuleBodySchema.parse({ match: { domain }, category });
    const { applied_count, created } = await createRule(user.id, body);
    return { applied_count, created };
  });
}
