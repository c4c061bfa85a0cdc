import { sql } from "drizzle-orm";
import { uuidArray } from "@/lib/db/sql-arrays";
import { AppError } from "@/lib/api/errors";
import { getDb, queryRows } from "@/lib/db";
import type { BulkUpdateBody } from "@/lib/schemas/senders";
import { suggestCategories } from "./suggest-categories";

/**
 * Assign categories to many senders in one statement, all or nothing: if any id is not one of the
 * user's senders nothing changes and the missing ids come back in a NOT_FOUND error.
 */
export async function bulkUpdateSenders(userId: string, updates: BulkUpdateBody["updates"]) {
  const db = await getDb();
  const payload = JSON.stringify(updates);
  const [result] = await queryRows<{ owned: number; updated: number }>(
    db,
    sql`with v as (
          select * from jsonb_to_recordset(${payload}::jsonb) as v(sender_id uuid, category sender_category)
        ),
        owned as (
          select count(*)::int as n from email_senders s join v on s.id = v.sender_id where s.user_id = ${userId}
        ),
        upd as (
          update email_senders s
             set category = v.category,
                 category_source = case when v.category = 'unassigned' then 'default' else 'user' end,
                 latest_preview = case when v.category = 'dont-tell-anyone' then '' else s.latest_preview end,
                 updated_at = now()
            from v
           where s.id = v.sender_id and s.user_id = ${userId} and (select n from owned) = ${updates.length}
          returning s.id, s.category
        ),
        wipe as (
          update email_messages m set preview = ''
            from upd
           where m.sender_id = upd.id and upd.category = 'dont-tell-anyone' and m.user_id = ${userId} and m.preview <> ''
        )
        select (select n from owned) as owned, (select count(*)::int from upd) as updated`,
  );
  if (Number(result.owned) !== updates.length) {
    const found = await queryRows<{ id: string }>(
      db,
      sql`select id from email_senders where user_id = ${userId} and id = any(${uuidArray(updates.map((u) => u.sender_id))})`,
    );
    const foundIds = new Set(found.map((r) => r.id));
    const missing = updates.map((u) => u.sender_id).filter((id) => !foundIds.has(id));
    throw new AppError("NOT_FOUND", "Some senders were not found; nothing was changed", { sender_ids: missing });
  }
  const domains = await queryRows<{ domain: string }>(
    db,
    sql`select distinct domain from email_senders where user_id = ${userId} and id = any(${uuidArray(updates.map((u) => u.sender_id))})`,
  );
  await suggestCategories(userId, { domains: domains.map((d) => d.domain) });
  return { updated_count: Number(result.updated) };
}
