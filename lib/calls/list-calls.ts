import { and, count, desc, eq, gte, lte, type SQL } from "drizzle-orm";
import { pagination } from "@/lib/pagination";
import { getDb } from "@/lib/db";
import { callLogs } from "@/lib/db/schema";
import type { ListCallsQuery } from "@/lib/schemas/calls";
import { serializeCalls } from "./serialize-call";

/** A date-only end bound ("2026-03-08") includes that whole day. */
function endBound(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(new Date(value).getTime() + 86_400_000 - 1) : new Date(value);
}

/** The user's call history, newest first, filtered by scheduled date range, type and status. */
export async function listCalls(userId: string, q: ListCallsQuery) {
  const db = await getDb();
  const conditions: SQL[] = [eq(callLogs.user_id, userId)];
  if (q.start_date) conditions.push(gte(callLogs.scheduled_at, new Date(q.start_date)));
  if (q.end_date) conditions.push(lte(callLogs.scheduled_at, endBound(q.end_date)));
  if (q.call_type) conditions.push(eq(callLogs.call_type, q.call_type));
  if (q.status) conditions.push(eq(callLogs.status, q.status));
  const where = and(...conditions);
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(callLogs)
      .where(where)
      .orderBy(desc(callLogs.scheduled_at), desc(callLogs.id))
      .limit(q.limit)
      .offset((q.page - 1) * q.limit),
    db.select({ total: count() }).from(callLogs).where(where),
  ]);
  // count() over any set answers exactly one row.
  const total = counted?.total ?? 0;
  return { calls: await serializeCalls(rows), total: Number(total), page: q.page, pagination: pagination(q.page, q.limit, Number(total)) };
}
