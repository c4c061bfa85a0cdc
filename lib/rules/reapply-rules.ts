import { sql } from "drizzle-orm";
import { uuidArray } from "@/lib/db/sql-arrays";
import { getDb, queryRows, type DbOrTx } from "@/lib/db";
import { assignSenderCategories } from "@/lib/senders/assign-sender-categories";

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
  // Each undecided sender's best rule, and a null category for the rule-decided senders no rule covers any more.
  const matches = sql`
    with best as (
      select distinct on (s.id) s.id as sender_id, r.category
        from email_senders s
        join sender_rules r on r.user_id = s.user_id and (
             (r.match_type = 'email' and r.match_value = s.email)
          or (r.match_type = 'list_id' and r.match_value = s.list_id)
          or (r.match_type = 'domain' and (s.domain = r.match_value or s.domain like '%.' || r.match_value)))
       where s.user_id = ${userId} and s.category_source <> 'user' ${only}
       order by s.id, case r.match_type when 'email' then 0 when 'list_id' then 1 else 2 end, length(r.match_value) desc
    )
    select sender_id, category from best
    union all
    select s.id, null::sender_category from email_senders s
     where s.user_id = ${userId} and s.category_source = 'rule' ${only}
       and not exists (select 1 from best where best.sender_id = s.id)`;
  const { updated } = await assignSenderCategories(db, userId, { by: "rules", matches });
  return updated;
}
