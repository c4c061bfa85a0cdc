import { sql } from "drizzle-orm";
import { uuidArray } from "@/lib/db/sql-arrays";
import { getDb, queryRows, type DbOrTx } from "@/lib/db";

/**
 * Bring senders in line with the user's domain / email / List-Id rules, in SQL so there is one
 * implementation for new rules, deleted rules and freshly scanned senders. An explicit per-sender
 * choice (category_source = 'user') always wins. The most specific rule wins: email, then List-Id,
 * then the longest matching domain (a domain rule covers its subdomains). Senders a rule no longer
 * covers go back to unassigned. Returns how many senders changed.
 */
export async function reapplyRules(userId: string, options: { senderIds?: string[]; tx?: DbOrTx } = {}): Promise<number> {
  const db = options.tx ?? (await getDb());
  if (options.senderIds) {
    // Scoped to a few senders (a scanned page): with no rules there is nothing to apply, and no
    // rule-sourced sender can be left over (deleting a rule re-applies the rest to every sender).
    if (!options.senderIds.length) return 0;
    const [any] = await queryRows<{ one: number }>(db, sql`select 1 as one from sender_rules where user_id = ${userId} limit 1`);
    if (!any) return 0;
  }
  const only = options.senderIds ? sql`and s.id = any(${uuidArray(options.senderIds)})` : sql``;
  const [row] = await queryRows<{ changed: number }>(
    db,
    sql`with best as (
          select distinct on (s.id) s.id as sender_id, r.category
            from email_senders s
            join sender_rules r on r.user_id = s.user_id and (
                 (r.match_type = 'email' and r.match_value = s.email)
              or (r.match_type = 'list_id' and r.match_value = s.list_id)
              or (r.match_type = 'domain' and (s.domain = r.match_value or s.domain like '%.' || r.match_value)))
           where s.user_id = ${userId} and s.category_source <> 'user' ${only}
           order by s.id, case r.match_type when 'email' then 0 when 'list_id' then 1 else 2 end, length(r.match_value) desc
        ),
        ruled as (
          update email_senders s
             set category = best.category, category_source = 'rule', updated_at = now(),
                 latest_preview = case when best.category = 'dont-tell-anyone' then '' else s.latest_preview end
            from best
           where s.id = best.sender_id and (s.category <> best.category or s.category_source <> 'rule')
          returning s.id, s.category
        ),
        orphaned as (
          update email_senders s
             set category = 'unassigned', category_source = 'default', updated_at = now()
           where s.user_id = ${userId} and s.category_source = 'rule' ${only}
             and not exists (select 1 from best where best.sender_id = s.id)
          returning s.id
        ),
        wipe as (
          update email_messages m set preview = ''
            from ruled
           where m.sender_id = ruled.id and ruled.category = 'dont-tell-anyone' and m.user_id = ${userId} and m.preview <> ''
        )
        select (select count(*) from ruled)::int + (select count(*) from orphaned)::int as changed`,
  );
  return Number(row?.changed ?? 0);
}
