import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { CALL_TYPES, type CallType } from "@/lib/schemas/enums";
import type { CallAnalytics, CallAnalyticsQuery } from "@/lib/schemas/analytics";
import { addDays, wallTime, zonedTimeToUtc } from "@/lib/time/zoned-time";

type Row = { date: string; call_type: CallType; status: string; calls: number; successful: number; duration_sum: number; duration_n: number };

const isoDate = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/**
 * Calls per day (by type, by outcome) over the last `days` days of the user's own calendar, with
 * the window's success rate and average duration. Days are the user's local days, so a call at
 * 23:30 in Los Angeles counts on that day, not on the next UTC day; days without calls are zeros.
 */
export async function getCallAnalytics(user: { id: string; timezone: string }, q: CallAnalyticsQuery, now = new Date()): Promise<CallAnalytics> {
  const tz = user.timezone;
  const today = wallTime(now, tz);
  const first = addDays(today, -(q.days - 1));
  const start = zonedTimeToUtc({ ...first, hour: 0, minute: 0 }, tz);
  const end = zonedTimeToUtc({ ...addDays(today, 1), hour: 0, minute: 0 }, tz);
  const db = await getDb();
  const rows = await queryRows<Row>(
    db,
    sql`select to_char(timezone(${tz}, scheduled_at), 'YYYY-MM-DD') as date, call_type, status,
               count(*)::int as calls,
               count(*) filter (where status = 'completed' and coalesce(success, true))::int as successful,
               coalesce(sum(duration_seconds) filter (where duration_seconds is not null), 0)::int as duration_sum,
               count(duration_seconds)::int as duration_n
          from call_logs
         where user_id = ${user.id} and scheduled_at >= ${start.toISOString()} and scheduled_at < ${end.toISOString()}
         group by 1, 2, 3`,
  );

  const perDay = new Map<string, CallAnalytics["per_day"][number]>();
  for (let i = 0; i < q.days; i++) {
    const date = isoDate(addDays(first, i));
    perDay.set(date, { date, urgent: 0, digest: 0, "meeting-reminder": 0, "phone-confirmation": 0, total: 0, completed: 0, failed: 0 });
  }
  const totals: CallAnalytics["totals"] = {
    urgent: 0,
    digest: 0,
    "meeting-reminder": 0,
    "phone-confirmation": 0,
    total: 0,
    scheduled: 0,
    in_progress: 0,
    completed: 0,
    failed: 0,
    successful: 0,
    success_rate: null,
    average_duration_seconds: null,
  };
  let durationSum = 0;
  let durationN = 0;
  for (const r of rows) {
    const n = Number(r.calls);
    const day = perDay.get(r.date);
    if (day) {
      day[r.call_type] += n;
      day.total += n;
      if (r.status === "completed") day.completed += n;
      if (r.status === "failed") day.failed += n;
    }
    if ((CALL_TYPES as readonly string[]).includes(r.call_type)) totals[r.call_type] += n;
    totals.total += n;
    if (r.status === "scheduled") totals.scheduled += n;
    if (r.status === "in-progress") totals.in_progress += n;
    if (r.status === "completed") totals.completed += n;
    if (r.status === "failed") totals.failed += n;
    totals.successful += Number(r.successful);
    durationSum += Number(r.duration_sum);
    durationN += Number(r.duration_n);
  }
  const finished = totals.completed + totals.failed;
  totals.success_rate = finished ? Math.round((totals.successful / finished) * 1000) / 1000 : null;
  totals.average_duration_seconds = durationN ? Math.round((durationSum / durationN) * 10) / 10 : null;
  return { days: q.days, timezone: tz, from: isoDate(first), to: isoDate(today), per_day: [...perDay.values()], totals };
}
