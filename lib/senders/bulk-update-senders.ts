import { sql } from "drizzle-orm";
import { uuidArray } from "@/lib/db/sql-arrays";
import { AppError } from "@/lib/errors";
import { getDb, queryRows } from "@/lib/db";
import type { BulkUpdateBody } from "@/lib/schemas/senders";
import { sendEvent } from "@/lib/events/send-event";
import { assignSenderCategories } from "./assign-sender-categories";
import { suggestCategories } from "./suggest-categories";

/**
 * Up to this many domains, the suggestions that depend on the user's choices (other unassigned
 * senders of the same domains) are refreshed before answering, as a triage click expects. A larger
 * bulk change refreshes them in a workflow right after: its cost grows with every sender of every
 * domain touched, which is no reason to hold the user's own change back.
 */
export const INLINE_SUGGESTION_DOMAINS = 200;
// Beyond this many domains the workflow refreshes all of the user's suggestions (a bounded event).
const MAX_EVENT_DOMAINS = 2000;

/**
 * Assign categories to many senders in one statement, all or nothing: if any id is not one of the
 * user's senders nothing changes and the missing ids come back in a NOT_FOUND error.
 */
export async function bulkUpdateSenders(userId: string, updates: BulkUpdateBody["updates"]) {
  const db = await getDb();
  const result = await db
    .transaction(async (tx) => {
      const row = await assignSenderCategories(tx, userId, { by: "user", choices: updates });
      // Another user's (or an unknown) id: undo everything, then say which ones.
      if (row.updated !== updates.length) throw new PartialBulkUpdate();
      return row;
    })
    .catch(async (error: unknown) => {
      if (!(error instanceof PartialBulkUpdate)) throw error;
      const found = await queryRows<{ id: string }>(
        db,
        sql`select id from email_senders where user_id = ${userId} and id = any(${uuidArray(updates.map((u) => u.sender_id))})`,
      );
      const foundIds = new Set(found.map((r) => r.id));
      const missing = updates.map((u) => u.sender_id).filter((id) => !foundIds.has(id));
      throw new AppError("NOT_FOUND", "Some senders were not found; nothing was changed", { sender_ids: missing });
    });
  if (result.domains.length <= INLINE_SUGGESTION_DOMAINS) {
    await suggestCategories(userId, { domains: result.domains });
  } else {
    const domains = result.domains.length <= MAX_EVENT_DOMAINS ? result.domains : undefined;
    await sendEvent({ name: "senders/suggestions.refresh-requested", data: { user_id: userId, domains } });
  }
  return { updated_count: result.updated };
}

class PartialBulkUpdate extends Error {}
