import { sql } from "drizzle-orm";
import { addUrgentMailToCall, type FreshMessage } from "@/lib/calls/add-urgent-mail-to-call";
import { getDb, queryRows } from "@/lib/db";
import { emailDomain } from "@/lib/mail/email-domain";
import { inferSenderType } from "@/lib/mail/infer-sender-type";
import { parseListUnsubscribe } from "@/lib/mail/parse-list-unsubscribe";
import type { MailMessageMeta } from "@/lib/providers/mail/types";
import { reapplyRules } from "@/lib/rules/reapply-rules";
import { suggestCategories } from "@/lib/senders/suggest-categories";
import type { SenderType } from "@/lib/db/schema/enums";

const PREVIEW_MAX = 280;
const SUBJECT_MAX = 500;
// Only mail that arrives after connecting (and recently) may ring the phone: a first scan of
// 90 days of history never calls about last month's invoice.
const URGENT_WINDOW_MS = 48 * 3600_000;
// How much a type says about a sender: a single calendar invite from a colleague must not turn
// them into a "meeting" sender forever, but one newsletter issue marks a list for good.
const TYPE_STRENGTH: Record<SenderType, number> = { personal: 0, meeting: 1, tool: 2, newsletter: 3, promotional: 4 };

export type IngestContext = {
  userId: string;
  userEmail: string;
  integrationId: string;
  /**
   * Mail received before this never rings: the mailbox's connection time, or, during a resync, just
   * after the newest message already stored (that mail had its chance).
   */
  urgentNotBefore: Date;
  now?: Date;
  /**
   * A full scan records messages only and settles counts with recountSenders at checkpoints:
   * rewriting every sender of every page is what made large scans slow down as they went.
   */
  deferCounts?: boolean;
};

export type IngestResult = {
  fetched: number;
  inserted: number;
  senders: number;
  urgent_call_id: string | null;
  /** The page holds mail recent enough to ring the phone (so an urgent call may exist for its key). */
  recent: boolean;
};

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

function listId(value: string | undefined): string | null {
  if (!value) return null;
  const bracketed = /<([^<>]+)>/.exec(value);
  return (bracketed ? bracketed[1] : value).trim().toLowerCase().slice(0, 255) || null;
}

/**
 * Record one page of message metadata for a user's mailbox in one transaction: senders upserted,
 * each message stored once per (integration, provider id), counts and latest fields moved only by
 * messages that were actually new. A page applied twice (a retried or resumed step) changes nothing
 * the second time. Rules, suggestions and urgent-call scheduling follow in the same transaction.
 */
export async function ingestMessages(ctx: IngestContext, page: MailMessageMeta[]): Promise<IngestResult> {
  const unique = [...new Map(page.filter((m) => m.from_email).map((m) => [m.provider_message_id, m])).values()];
  if (!unique.length) return { fetched: page.length, inserted: 0, senders: 0, urgent_call_id: null, recent: false };

  const bySender = new Map<
    string,
    {
      email: string;
      domain: string;
      name: string;
      sender_type: SenderType;
      list_id: string | null;
      unsubscribe_http: string | null;
      unsubscribe_mailto: string | null;
      unsubscribe_one_click: boolean;
      latest_date: string;
    }
  >();
  const messages = unique.map((m) => {
    const email = m.from_email.trim().toLowerCase();
    const type = inferSenderType(m);
    const unsubscribe = parseListUnsubscribe(m.headers["list-unsubscribe"], m.headers["list-unsubscribe-post"]);
    const date = m.date.toISOString();
    const agg = bySender.get(email);
    const hasUnsubscribe = Boolean(unsubscribe.http || unsubscribe.mailto);
    if (!agg) {
      bySender.set(email, {
        email,
        domain: emailDomain(email),
        name: m.from_name.trim().slice(0, 200),
        sender_type: type,
        list_id: listId(m.headers["list-id"]),
        unsubscribe_http: unsubscribe.http,
        unsubscribe_mailto: unsubscribe.mailto,
        unsubscribe_one_click: unsubscribe.one_click,
        latest_date: date,
      });
    } else {
      const newer = date > agg.latest_date;
      if (TYPE_STRENGTH[type] > TYPE_STRENGTH[agg.sender_type]) agg.sender_type = type;
      if ((newer || !agg.name) && m.from_name.trim()) agg.name = m.from_name.trim().slice(0, 200);
      if ((newer || !agg.list_id) && m.headers["list-id"]) agg.list_id = listId(m.headers["list-id"]);
      if (hasUnsubscribe && (newer || !(agg.unsubscribe_http || agg.unsubscribe_mailto))) {
        agg.unsubscribe_http = unsubscribe.http;
        agg.unsubscribe_mailto = unsubscribe.mailto;
        agg.unsubscribe_one_click = unsubscribe.one_click;
      }
      if (newer) agg.latest_date = date;
    }
    return {
      provider_message_id: m.provider_message_id.slice(0, 500),
      thread_id: m.thread_id,
      from_email: email,
      from_name: m.from_name.slice(0, 200),
      to: m.to.slice(0, 1000),
      subject: m.subject.slice(0, SUBJECT_MAX),
      preview: m.snippet.replace(/\s+/g, " ").trim().slice(0, PREVIEW_MAX),
      received_at: date,
      headers: m.headers,
    };
  });

  const now = ctx.now ?? new Date();
  // Only mail this recent can ring the phone; older rows need not come back from the insert whole.
  const urgentSince = new Date(Math.max(ctx.urgentNotBefore.getTime(), now.getTime() - URGENT_WINDOW_MS)).toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    // New senders are inserted; an existing one is rewritten only when this page says something new
    // about it (a newer name or unsubscribe link, a stronger type, a first List-Id). A newest-first
    // scan therefore touches each sender row about once, not once per page it appears on, and an
    // unchanged sender is not even locked: the UPDATE's condition filters it before any write (an
    // INSERT ... ON CONFLICT DO UPDATE would lock, and so write, every conflicting row). The insert
    // keeps its ON CONFLICT for a sender that another of the user's mailboxes adds meanwhile.
    // RETURNING gives exactly the senders whose rule or suggestion may have changed.
    const changed = await queryRows<{ id: string }>(
      tx,
      sql`with x as (
            select * from jsonb_to_recordset(${JSON.stringify([...bySender.values()])}::jsonb)
              as x(email text, domain text, name text, sender_type sender_type, list_id text, unsubscribe_http text, unsubscribe_mailto text, unsubscribe_one_click boolean, latest_date timestamptz)
          ),
          updated as (
            update email_senders as s set ${SET_FROM_PAGE}
              from x as excluded
             where s.user_id = ${ctx.userId} and s.email = excluded.email and ${PAGE_CHANGES_SENDER}
            returning s.id
          ),
          inserted as (
            insert into email_senders as s (user_id, email, domain, name, sender_type, list_id, unsubscribe_http, unsubscribe_mailto, unsubscribe_one_click, latest_date)
            select ${ctx.userId}, x.email, x.domain, x.name, x.sender_type, x.list_id, x.unsubscribe_http, x.unsubscribe_mailto, x.unsubscribe_one_click, x.latest_date
              from x where not exists (select 1 from email_senders e where e.user_id = ${ctx.userId} and e.email = x.email)
            on conflict (user_id, email) do update set ${SET_FROM_PAGE} where ${PAGE_CHANGES_SENDER}
            returning s.id
          )
          select id from updated union all select id from inserted`,
    );
    const changedIds = changed.map((r) => r.id);
    const messagesJson = JSON.stringify(messages);
    // Messages are stored once (unique per integration + provider id); only the new ones move counts
    // and "latest" fields. A private sender's preview is never stored. Subject and preview come back
    // only for mail recent enough to be urgent.
    const insert = sql`insert into email_messages (user_id, integration_id, sender_id, provider_message_id, thread_id, from_email, from_name, "to", subject, preview, received_at, headers)
            select ${ctx.userId}, ${ctx.integrationId}, s.id, x.provider_message_id, x.thread_id, x.from_email, x.from_name, x."to", x.subject,
                   case when s.category = 'dont-tell-anyone' then '' else x.preview end, x.received_at, x.headers
              from jsonb_to_recordset(${messagesJson}::jsonb)
                as x(provider_message_id text, thread_id text, from_email text, from_name text, "to" text, subject text, preview text, received_at timestamptz, headers jsonb)
              join email_senders s on s.user_id = ${ctx.userId} and s.email = x.from_email
            on conflict (integration_id, provider_message_id) do nothing`;
    // One row per new message recent enough to be urgent, and always one row carrying the count
    // (and, for a counted page, the senders whose counts moved).
    const returned = (countedIds: ReturnType<typeof sql>) => sql`
          select c.inserted, c.counted_ids, f.id, f.sender_id, f.subject, f.preview, f.received_at, f.from_name, f.from_email
            from (select (select count(*)::int from ins) as inserted, ${countedIds} as counted_ids) c
            left join lateral (select id, sender_id, subject, preview, received_at, from_name, from_email from ins where received_at >= ${urgentSince}::timestamptz) f on true`;
    const rows = ctx.deferCounts
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
                       latest_preview = case when s.category = 'dont-tell-anyone' then ''
                                             when s.latest_date is null or agg.latest >= s.latest_date or s.email_count = 0 then agg.preview
                                             else s.latest_preview end,
                       latest_date = greatest(coalesce(s.latest_date, agg.latest), agg.latest)
                  from agg where s.id = agg.sender_id
                returning s.id
              )
              ${returned(sql`(select array_agg(id) from counted)`)}`,
        );
    const head = rows[0];
    const fresh: FreshMessage[] = rows.flatMap((r) =>
      r.id && r.sender_id
        ? [
            {
              id: r.id,
              sender_id: r.sender_id,
              subject: r.subject ?? "",
              preview: r.preview ?? "",
              received_at: r.received_at ?? now,
              from_name: r.from_name ?? "",
              from_email: r.from_email ?? "",
            },
          ]
        : [],
    );

    // Rules match on email, domain and List-Id: only new senders and changed List-Ids can move.
    if (changedIds.length) await reapplyRules(ctx.userId, { senderIds: changedIds, tx });
    // A full scan settles suggestions with its counts at checkpoints; a sync page refreshes the
    // senders it changed or counted (volume and latest subject feed the suggestion).
    if (!ctx.deferCounts) {
      const touched = [...new Set([...changedIds, ...(head?.counted_ids ?? [])])];
      if (touched.length) await suggestCategories(ctx.userId, { senderIds: touched }, tx);
    }
    const urgent = fresh.length ? await addUrgentMailToCall(tx, { userId: ctx.userId, userEmail: ctx.userEmail, now }, fresh) : null;
    const urgentCallId = urgent?.callId ?? null;
    const recent = messages.some((m) => m.received_at >= urgentSince);
    return { fetched: page.length, inserted: head?.inserted ?? 0, senders: bySender.size, urgent_call_id: urgentCallId, recent };
  });
}

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
