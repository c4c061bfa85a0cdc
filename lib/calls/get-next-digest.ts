import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { getPreferencesRow } from "@/lib/preferences/get-preferences";
import { nextDailyOccurrence } from "@/lib/time/zoned-time";
import type { AuthUser } from "@/lib/auth/authenticate-request";

const MAX_SENDERS_IN_PREVIEW = 10;
const SUBJECTS_PER_SENDER = 3;

type SenderDigest = { sender_id: string; name: string; email: string; count: number; subjects: string[] };

/** "Stripe (2): "Your receipt", "Payout sent"." — what the digest call would say, in brief. */
export function describeDigest(senders: SenderDigest[], messageCount: number): string {
  if (!messageCount) return "Nothing new from your remind-me senders yet.";
  const head = `${messageCount} email${messageCount === 1 ? "" : "s"} from ${senders.length} sender${senders.length === 1 ? "" : "s"}.`;
  const lines = senders
    .slice(0, MAX_SENDERS_IN_PREVIEW)
    .map((s) => `${s.name || s.email} (${s.count}): ${s.subjects.map((x) => `"${x || "(no subject)"}"`).join(", ")}.`);
  const more = senders.length > MAX_SENDERS_IN_PREVIEW ? ` And ${senders.length - MAX_SENDERS_IN_PREVIEW} more senders.` : "";
  return [head, ...lines].join(" ") + more;
}

/**
 * When the next daily digest call happens (preferred_call_time in the user's time zone, DST-aware;
 * tomorrow if today's slot already had its digest) and what it would cover: mail from remind-me
 * senders since the last digest (or the 24 hours before the call when there was none).
 */
export async function getNextDigest(user: Pick<AuthUser, "id" | "timezone">, now = new Date()) {
  const db = await getDb();
  const prefs = await getPreferencesRow(user.id);
  const [last] = await queryRows<{ at: Date | string | null }>(
    db,
    sql`select max(scheduled_at) as at from call_logs
        where user_id = ${user.id} and call_type = 'digest' and status in ('completed', 'in-progress')`,
  );
  const lastDigestAt = last?.at ? new Date(last.at) : null;
  const after = lastDigestAt && lastDigestAt > now ? lastDigestAt : now;
  const scheduledAt = nextDailyOccurrence(prefs.preferred_call_time, user.timezone, after);
  const since = lastDigestAt ?? new Date(scheduledAt.getTime() - 86_400_000);

  const rows = await queryRows<{ sender_id: string; name: string; email: string; count: number; subjects: string[] | null }>(
    db,
    sql`select s.id as sender_id, s.name, s.email, count(*)::int as count,
               (array_agg(m.subject order by m.received_at desc))[1:${SUBJECTS_PER_SENDER}] as subjects
          from email_messages m
          join email_senders s on s.id = m.sender_id and s.user_id = m.user_id
         where m.user_id = ${user.id} and s.category = 'remind-me'
           and m.received_at > ${since.toISOString()} and m.received_at <= ${now.toISOString()}
         group by s.id, s.name, s.email
         order by count(*) desc, max(m.received_at) desc`,
  );
  const senders = rows.map((r) => ({ ...r, count: Number(r.count), subjects: r.subjects ?? [] }));
  const messageCount = senders.reduce((n, s) => n + s.count, 0);
  return {
    scheduled_at: scheduledAt.toISOString(),
    timezone: user.timezone,
    preferred_call_time: prefs.preferred_call_time,
    since: since.toISOString(),
    message_count: messageCount,
    content_preview: describeDigest(senders, messageCount),
    senders,
  };
}
