import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "@/lib/db";
import type { PageSender } from "./read-mail-page";

// The page's view of a sender is newer than the stored one (a scan lists newest first, so older
// pages rarely are), or the stored type is weaker and was not set by the LLM.
const NEWER = `excluded.latest_date > coalesce(s.latest_date, '-infinity')`;
const STRONGER = `(s.sender_type_source <> 'llm' and array_position(array['personal','meeting','tool','newsletter','promotional']::text[], excluded.sender_type::text)
   > array_position(array['personal','meeting','tool','newsletter','promotional']::text[], s.sender_type::text))`;
const NEW_UNSUBSCRIBE = `((excluded.unsubscribe_http is not null or excluded.unsubscribe_mailto is not null)
   and (s.unsubscribe_http is null and s.unsubscribe_mailto is null or excluded.latest_date > coalesce(s.latest_date, '-infinity')))`;
/** What a page sets on a sender row (`s`) from its view of the sender (`excluded`). */
const SET_FROM_PAGE = sql.raw(`
    name = case when excluded.name <> '' and (s.name = '' or ${NEWER}) then excluded.name else s.name end,
    sender_type = case when ${STRONGER} then excluded.sender_type else s.sender_type end,
    list_id = case when excluded.list_id is not null and (s.list_id is null or ${NEWER}) then excluded.list_id else s.list_id end,
    unsubscribe_http = case when ${NEW_UNSUBSCRIBE} then excluded.unsubscribe_http else s.unsubscribe_http end,
    unsubscribe_mailto = case when ${NEW_UNSUBSCRIBE} then excluded.unsubscribe_mailto else s.unsubscribe_mailto end,
    unsubscribe_one_click = case when ${NEW_UNSUBSCRIBE} then excluded.unsubscribe_one_click else s.unsubscribe_one_click end,
    updated_at = now()`);
/** True when SET_FROM_PAGE would change anything. */
const PAGE_CHANGES_SENDER = sql.raw(`((excluded.name <> '' and excluded.name <> s.name and (s.name = '' or ${NEWER}))
    or ${STRONGER}
    or (excluded.list_id is distinct from s.list_id and excluded.list_id is not null and (s.list_id is null or ${NEWER}))
    or (${NEW_UNSUBSCRIBE} and (excluded.unsubscribe_http, excluded.unsubscribe_mailto, excluded.unsubscribe_one_click)
          is distinct from (s.unsubscribe_http, s.unsubscribe_mailto, s.unsubscribe_one_click)))`);

/**
 * Record what a page says about its senders. New senders are inserted; an existing one is rewritten
 * only when this page says something new about it (a newer name or unsubscribe link, a stronger
 * type, a first List-Id). A newest-first scan therefore touches each sender row about once, not
 * once per page it appears on, and an unchanged sender is not even locked: the UPDATE's condition
 * filters it before any write (an INSERT ... ON CONFLICT DO UPDATE would lock, and so write, every
 * conflicting row). The insert keeps its ON CONFLICT for a sender that another of the user's
 * mailboxes adds meanwhile. Returns the ids of exactly the senders whose rule or suggestion may
 * have changed.
 */
export async function upsertPageSenders(tx: Tx, userId: string, senders: PageSender[]): Promise<string[]> {
  const changed = await queryRows<{ id: string }>(
    tx,
    sql`with x as (
          select * from jsonb_to_recordset(${JSON.stringify(senders)}::jsonb)
            as x(email text, domain text, name text, sender_type sender_type, list_id text, unsubscribe_http text, unsubscribe_mailto text, unsubscribe_one_click boolean, latest_date timestamptz)
        ),
        updated as (
          update email_senders as s set ${SET_FROM_PAGE}
            from x as excluded
           where s.user_id = ${userId} and s.email = excluded.email and ${PAGE_CHANGES_SENDER}
          returning s.id
        ),
        inserted as (
          insert into email_senders as s (user_id, email, domain, name, sender_type, list_id, unsubscribe_http, unsubscribe_mailto, unsubscribe_one_click, latest_date)
          select ${userId}, x.email, x.domain, x.name, x.sender_type, x.list_id, x.unsubscribe_http, x.unsubscribe_mailto, x.unsubscribe_one_click, x.latest_date
            from x where not exists (select 1 from email_senders e where e.user_id = ${userId} and e.email = x.email)
          on conflict (user_id, email) do update set ${SET_FROM_PAGE} where ${PAGE_CHANGES_SENDER}
          returning s.id
        )
        select id from updated union all select id from inserted`,
  );
  return changed.map((r) => r.id);
}
