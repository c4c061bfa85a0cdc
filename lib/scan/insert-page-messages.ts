import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "@/lib/db";
import type { FreshMessage } from "@/lib/calls/add-urgent-mail-to-call";
import { storablePreview } from "@/lib/senders/sender-privacy";
import type { PageMessage } from "./read-mail-page";

type InsertedRow = {
  inserted: number;
  counted_ids: string[] | null;
  id: string | null;
  sender_id: string | null;
  subject: string | null;
  preview: string | null;
  received_at: string | Date | null;
  from_name: string | null;
  from_email: string | null;
};

/**
 * Store a page's messages, each once (unique per integration + provider id), under senders already
 * recorded. Only the new ones move counts and "latest" fields, unless `deferCounts` (a full scan
 * settles counts at checkpoints instead). Subject and preview come back only for new mail received
 * since `urgentSince` (the mail that may ring the phone).
 */
export async function insertPageMessages(
  tx: Tx,
  target: { userId: string; integrationId: string },
  messages: PageMessage[],
  options: { urgentSince: string; now: Date; deferCounts?: boolean },
): Promise<{ inserted: number; countedSenderIds: string[]; fresh: FreshMessage[] }> {
  const { userId, integrationId } = target;
  const insert = sql`insert into email_messages (user_id, integration_id, sender_id, provider_message_id, thread_id, from_email, from_name, "to", subject, preview, received_at, headers)
          select ${userId}, ${integrationId}, s.id, x.provider_message_id, x.thread_id, x.from_email, x.from_name, x."to", x.subject,
                 ${storablePreview(sql`s.category`, sql`x.preview`)}, x.received_at, x.headers
            from jsonb_to_recordset(${JSON.stringify(messages)}::jsonb)
              as x(provider_message_id text, thread_id text, from_email text, from_name text, "to" text, subject text, preview text, received_at timestamptz, headers jsonb)
            join email_senders s on s.user_id = ${userId} and s.email = x.from_email
          on conflict (integration_id, provider_message_id) do nothing`;
  // One row per new message recent enough to be urgent, and always one row carrying the count
  // (and, for a counted page, the senders whose counts moved).
  const returned = (countedIds: SQL) => sql`
        select c.inserted, c.counted_ids, f.id, f.sender_id, f.subject, f.preview, f.received_at, f.from_name, f.from_email
          from (select (select count(*)::int from ins) as inserted, ${countedIds} as counted_ids) c
          left join lateral (select id, sender_id, subject, preview, received_at, from_name, from_email from ins where received_at >= ${options.urgentSince}::timestamptz) f on true`;
  const rows = options.deferCounts
    ? await queryRows<InsertedRow>(
        tx,
        sql`with ins as (${insert} returning id, sender_id, subject, preview, received_at, from_name, from_email) ${returned(sql`null::uuid[]`)}`,
      )
    : await queryRows<InsertedRow>(
        tx,
        sql`with ins as (${insert} returning id, sender_id, subject, preview, received_at, from_name, from_email),
            agg as (
              select sender_id, count(*)::int as n, max(received_at) as latest,
                     (array_agg(subject order by received_at desc))[1] as subject,
                     (array_agg(preview order by received_at desc))[1] as preview
                from ins group by sender_id
            ),
            counted as (
              update email_senders s
                 set email_count = s.email_count + agg.n,
                     latest_subject = case when s.latest_date is null or agg.latest >= s.latest_date or s.email_count = 0 then agg.subject else s.latest_subject end,
                     latest_preview = ${storablePreview(
                       sql`s.category`,
                       sql`case when s.latest_date is null or agg.latest >= s.latest_date or s.email_count = 0 then agg.preview else s.latest_preview end`,
                     )},
                     latest_date = greatest(coalesce(s.latest_date, agg.latest), agg.latest)
                from agg where s.id = agg.sender_id
              returning s.id
            )
            ${returned(sql`(select array_agg(id) from counted)`)}`,
      );
  const head = rows[0];
  const fresh = rows.flatMap((r): FreshMessage[] =>
    r.id && r.sender_id
      ? [
          {
            id: r.id,
            sender_id: r.sender_id,
            subject: r.subject ?? "",
            preview: r.preview ?? "",
            received_at: r.received_at ?? options.now,
            from_name: r.from_name ?? "",
            from_email: r.from_email ?? "",
          },
        ]
      : [],
  );
  return { inserted: head?.inserted ?? 0, countedSenderIds: head?.counted_ids ?? [], fresh };
}
