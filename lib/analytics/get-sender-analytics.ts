import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { SENDER_CATEGORIES, type SenderCategory, type SenderType } from "@/lib/schemas/enums";
import type { SenderAnalytics, SenderAnalyticsQuery } from "@/lib/schemas/analytics";
import { categoryParam } from "@/lib/senders/category-param";

type SummaryRow = {
  id: string;
  name: string;
  email: string;
  domain: string;
  category: SenderCategory;
  sender_type: SenderType;
  email_count: number;
  latest_date: Date | string | null;
};
type CandidateRow = SummaryRow & {
  unsubscribe_http: string | null;
  unsubscribe_mailto: string | null;
  unsubscribe_one_click: boolean;
  unsubscribe_status: "requested" | "succeeded" | "failed" | "manual" | null;
};

const SUMMARY_COLUMNS = sql`id, name, email, domain, category, sender_type, email_count, latest_date`;

function summary(r: SummaryRow) {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    domain: r.domain,
    category: r.category,
    sender_type: r.sender_type,
    email_count: Number(r.email_count),
    latest_date: r.latest_date ? new Date(r.latest_date).toISOString() : null,
  };
}

/**
 * Where the user's mail comes from: volume per category, the biggest senders, and the senders
 * worth unsubscribing from (filed under why-did-i-signup, or suggested for it while unassigned),
 * by volume, leaving out those already unsubscribed. Only counts and names: no subject or preview
 * ever leaves here, so nothing of a dont-tell-anyone sender's mail can show up in a chart.
 */
export async function getSenderAnalytics(userId: string, q: SenderAnalyticsQuery): Promise<SenderAnalytics> {
  const db = await getDb();
  const [byCategory, top, candidates] = await Promise.all([
    queryRows<{ category: SenderCategory; senders: number; emails: number }>(
      db,
      sql`select category, count(*)::int as senders, coalesce(sum(email_count), 0)::int as emails
            from email_senders where user_id = ${userId} group by category`,
    ),
    queryRows<SummaryRow>(
      db,
      sql`select ${SUMMARY_COLUMNS} from email_senders where user_id = ${userId}
           order by email_count desc, id limit ${q.limit}`,
    ),
    queryRows<CandidateRow>(
      db,
      sql`select ${SUMMARY_COLUMNS}, unsubscribe_http, unsubscribe_mailto, unsubscribe_one_click, unsubscribe_status
            from email_senders
           where user_id = ${userId}
             and (category = ${categoryParam("why-did-i-signup")} or (category = ${categoryParam("unassigned")} and suggested_category = ${categoryParam("why-did-i-signup")}))
             and coalesce(unsubscribe_status, '') <> 'succeeded'
           order by email_count desc, id limit ${q.limit}`,
    ),
  ]);
  const counts = new Map(byCategory.map((r) => [r.category, { senders: Number(r.senders), emails: Number(r.emails) }]));
  const by_category = SENDER_CATEGORIES.map((category) => ({ category, ...(counts.get(category) ?? { senders: 0, emails: 0 }) }));
  return {
    totals: {
      senders: by_category.reduce((n, c) => n + c.senders, 0),
      emails: by_category.reduce((n, c) => n + c.emails, 0),
      unassigned: counts.get("unassigned")?.senders ?? 0,
    },
    by_category,
    top_senders: top.map(summary),
    unsubscribe_candidates: candidates.map((r) => ({
      ...summary(r),
      reason: r.category === "why-did-i-signup" ? ("category" as const) : ("suggested" as const),
      unsubscribe: {
        available: Boolean(r.unsubscribe_http || r.unsubscribe_mailto),
        one_click: Boolean(r.unsubscribe_one_click),
        status: r.unsubscribe_status,
      },
    })),
  };
}
