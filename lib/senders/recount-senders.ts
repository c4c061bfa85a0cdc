import { sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/lib/db";
import { storablePreview } from "./sender-privacy";

/**
 * Set each sender's email_count and latest fields from the messages actually stored: idempotent,
 * so a full scan can record messages page by page and settle the counts at checkpoints, without
 * rewriting every sender row (and every index on it) on every page. Private senders keep no preview.
 */
export async function recountSenders(userId: string, tx?: DbOrTx): Promise<void> {
  const db = tx ?? (await getDb());
  await db.execute(sql`
    with latest as (
      select distinct on (sender_id) sender_id, subject, preview, received_at
        from email_messages where user_id = ${userId} and sender_id is not null
       order by sender_id, received_at desc
    ),
    counts as (
      select sender_id, count(*)::int as n from email_messages where user_id = ${userId} and sender_id is not null group by sender_id
    )
    update email_senders s
       set email_count = counts.n,
           latest_date = latest.received_at,
           latest_subject = latest.subject,
           latest_preview = ${storablePreview(sql`s.category`, sql`latest.preview`)}
      from counts join latest using (sender_id)
     where s.id = counts.sender_id and s.user_id = ${userId}
       and (s.email_count <> counts.n or s.latest_date is distinct from latest.received_at)`);
}
