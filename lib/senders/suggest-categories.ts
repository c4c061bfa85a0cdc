import { sql } from "drizzle-orm";
import { textArray, uuidArray } from "@/lib/db/sql-arrays";
import { getDb, type DbOrTx } from "@/lib/db";

const ALERTING = String.raw`(alert|incident|down|outage|failed|failure|declined|security|suspicious|action required|overdue)`;

/**
 * Store a suggested category on unassigned senders: the user's own choices for other senders of
 * the same domain first (the most common one), then what the sender type and volume say
 * (promotions and high-volume newsletters are unsubscribe candidates, alerting tools call, other
 * tools stay quiet, people and meetings go to the digest). Set-based: one aggregate over the
 * domains involved and one joined update that skips rows whose suggestion does not change.
 */
export async function suggestCategories(userId: string, scope: { senderIds?: string[]; domains?: string[]; all?: true }, tx?: DbOrTx): Promise<void> {
  const db = tx ?? (await getDb());
  const targets = scope.all
    ? sql`select id, domain, sender_type, email_count, latest_subject from email_senders where user_id = ${userId} and category = 'unassigned'`
    : scope.senderIds
    ? sql`select id, domain, sender_type, email_count, latest_subject from email_senders
           where user_id = ${userId} and category = 'unassigned'
             and id = any(${uuidArray(scope.senderIds)})`
    : sql`select id, domain, sender_type, email_count, latest_subject from email_senders
           where user_id = ${userId} and category = 'unassigned'
             and domain = any(${textArray(scope.domains ?? [])})`;
  await db.execute(sql`
    with t as (${targets}),
    chosen as (
      -- One index probe per domain (user_id, domain): a plan that cannot blow up when the table's
      -- statistics are stale (a semi-join estimated at one row became a 6M-comparison nested loop).
      select d.domain, c.category
        from (select distinct domain from t) d
        cross join lateral (
          select s2.category from email_senders s2
           where s2.user_id = ${userId} and s2.domain = d.domain
             and s2.category_source = 'user' and s2.category <> 'unassigned'
           group by s2.category
           order by count(*) desc, s2.category
           limit 1) c
    ),
    suggestion as (
      select t.id, coalesce(chosen.category, case
               when t.sender_type = 'promotional' then 'why-did-i-signup'
               when t.sender_type = 'newsletter' and t.email_count >= 8 then 'why-did-i-signup'
               when t.sender_type = 'newsletter' then 'remind-me'
               when t.sender_type = 'tool' and t.latest_subject ~* ${ALERTING} then 'call-me'
               when t.sender_type = 'tool' then 'keep-quiet'
               else 'remind-me'
             end::sender_category) as category
        from t left join chosen on chosen.domain = t.domain
    )
    update email_senders s set suggested_category = suggestion.category
      from suggestion
     where s.id = suggestion.id and s.suggested_category is distinct from suggestion.category`);
}
