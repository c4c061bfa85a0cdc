import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { pagination } from "@/lib/pagination";
import { getDb } from "@/lib/db";
import { prepared } from "@/lib/db/prepared";
import { emailSenders } from "@/lib/db/schema";
import type { ListSendersQuery } from "@/lib/schemas/senders";
import { readCategoryCounts } from "./read-category-counts";
import { serializeSender } from "./serialize-sender";

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Where-clause of a sender listing, always scoped to the user. */
export function sendersFilter(userId: string, q: Pick<ListSendersQuery, "category" | "sender_type" | "search" | "domain">): SQL {
  const conditions: SQL[] = [eq(emailSenders.user_id, userId)];
  if (q.category) conditions.push(eq(emailSenders.category, q.category));
  if (q.sender_type) conditions.push(eq(emailSenders.sender_type, q.sender_type));
  if (q.domain) conditions.push(eq(emailSenders.domain, q.domain));
  if (q.search) {
    const pattern = `%${escapeLike(q.search)}%`;
    conditions.push(or(ilike(emailSenders.email, pattern), ilike(emailSenders.name, pattern), ilike(emailSenders.latest_subject, pattern))!);
  }
  return and(...conditions)!;
}

/** One page of the user's senders with the total, sorted by volume, recency, name or email. */
export async function listSenders(userId: string, q: ListSendersQuery) {
  const db = await getDb();
  const column = {
    email_count: emailSenders.email_count,
    latest_date: emailSenders.latest_date,
    name: emailSenders.name,
    email: emailSenders.email,
  }[q.sort];
  const order = q.order ?? (q.sort === "name" || q.sort === "email" ? "asc" : "desc");
  // Orders an index reads directly. The volume and recency indexes are (column DESC NULLS LAST, id):
  // a descending listing reads them forwards (ties by id ascending), an ascending one backwards.
  const descending = q.sort === "email_count" || q.sort === "latest_date" ? order === "desc" : order === "asc";
  const primary =
    q.sort === "email_count" || q.sort === "latest_date"
      ? order === "desc"
        ? sql`${column} desc nulls last`
        : sql`${column} asc nulls first`
      : order === "asc"
        ? asc(column)
        : desc(column);
  const tieBreak = descending ? asc(emailSenders.id) : desc(emailSenders.id);
  // Totals by category come from the trigger-kept counters; only a search or finer filter counts rows.
  const counted = !q.search && !q.sender_type && !q.domain;
  const offset = (q.page - 1) * q.limit;
  // The listings the triage view and most clients ask for (a category or none, any sort) are
  // statements built once per shape: building the query is otherwise much of a request's CPU.
  const page = counted
    ? prepared(db, `list_senders:${q.category ? "category" : "all"}:${q.sort}:${order}`, (d) =>
        d
          .select()
          .from(emailSenders)
          .where(
            q.category
              ? and(eq(emailSenders.user_id, sql.placeholder("userId")), eq(emailSenders.category, sql.placeholder("category")))
              : eq(emailSenders.user_id, sql.placeholder("userId")),
          )
          .orderBy(primary, tieBreak)
          .limit(sql.placeholder("limit"))
          .offset(sql.placeholder("offset"))
          .prepare(`list_senders_${q.category ? "category" : "all"}_${q.sort}_${order}`),
      ).execute({ userId, category: q.category, limit: q.limit, offset })
    : db.select().from(emailSenders).where(sendersFilter(userId, q)).orderBy(primary, tieBreak).limit(q.limit).offset(offset);
  const [rows, total] = await Promise.all([
    page,
    counted
      ? readCategoryCounts(userId).then((c) => (q.category ? c[q.category] : Object.values(c).reduce((a, b) => a + b, 0)))
      : db
          .select({ n: count() })
          .from(emailSenders)
          .where(sendersFilter(userId, q))
          .then(([r]) => Number(r!.n)),
  ]);
  return {
    senders: rows.map(serializeSender),
    total: Number(total),
    page: q.page,
    pagination: pagination(q.page, q.limit, Number(total)),
  };
}
