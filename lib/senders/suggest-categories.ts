import { sql } from "drizzle-orm";
import { textArray, uuidArray } from "@/lib/db/sql-arrays";
import { getDb, queryRows, type DbOrTx } from "@/lib/db";
import type { SenderCategory, SenderType } from "@/lib/schemas/enums";
import { categoryParam } from "./category-param";

const UNASSIGNED = categoryParam("unassigned");

const ALERTING = /(alert|incident|down|outage|failed|failure|declined|security|suspicious|action required|overdue)/i;

type Target = { id: string; domain: string; sender_type: SenderType; email_count: number; latest_subject: string; suggested_category: SenderCategory | null };

/** What the sender's type and volume say, when the user has not chosen for its domain. */
function suggestionFromType(t: Pick<Target, "sender_type" | "email_count" | "latest_subject">): SenderCategory {
  if (t.sender_type === "promotional") return "why-did-i-signup";
  if (t.sender_type === "newsletter") return t.email_count >= 8 ? "why-did-i-signup" : "remind-me";
  if (t.sender_type === "tool") return ALERTING.test(t.latest_subject) ? "call-me" : "keep-quiet";
  return "remind-me";
}

/**
 * Store a suggested category on unassigned senders: the user's own most common choice for other
 * senders of the same domain first, then what the sender type and volume say (promotions and
 * high-volume newsletters are unsubscribe candidates, alerting tools call, other tools stay quiet,
 * people and meetings go to the digest).
 *
 * Three statements whose plans do not depend on table statistics (a fresh or never-analyzed table
 * is normal here: a scan fills it, a bulk triage rewrites it): the targets, one index probe per
 * distinct domain (`unnest` outer, `(user_id, domain)` index inner) for the user's choices, and
 * one update keyed by primary key that skips rows whose suggestion does not change. Joining the
 * targets to an aggregate instead let the planner, trusting a one-row estimate, re-run the
 * aggregate per row: seconds for a few thousand senders.
 */
export async function suggestCategories(userId: string, scope: { senderIds?: string[]; domains?: string[]; all?: true }, tx?: DbOrTx): Promise<void> {
  const db = tx ?? (await getDb());
  const filter = scope.all
    ? sql``
    : scope.senderIds
      ? sql`and id = any(${uuidArray(scope.senderIds)})`
      : sql`and domain = any(${textArray(scope.domains ?? [])})`;
  if (!scope.all && !(scope.senderIds ?? scope.domains)?.length) return;
  const targets = await queryRows<Target>(
    db,
    sql`select id, domain, sender_type, email_count, latest_subject, suggested_category from email_senders
         where user_id = ${userId} and category = ${UNASSIGNED} ${filter}`,
  );
  if (!targets.length) return;
  const domains = [...new Set(targets.map((t) => t.domain))];
  const chosen = await queryRows<{ domain: string; category: SenderCategory }>(
    db,
    sql`select d.domain, c.category
          from unnest(${textArray(domains)}) as d(domain)
          cross join lateral (
            select s.category from email_senders s
             where s.user_id = ${userId} and s.domain = d.domain
               and s.category_source = 'user' and s.category <> ${UNASSIGNED}
             group by s.category
             order by count(*) desc, s.category
             limit 1) c`,
  );
  const byDomain = new Map(chosen.map((c) => [c.domain, c.category]));
  const changed = targets
    .map((t) => ({ id: t.id, before: t.suggested_category, after: byDomain.get(t.domain) ?? suggestionFromType(t) }))
    .filter((t) => t.before !== t.after);
  if (!changed.length) return;
  await db.execute(
    sql`update email_senders s set suggested_category = v.category
          from unnest(${uuidArray(changed.map((c) => c.id))}, ${textArray(changed.map((c) => c.after))}::sender_category[]) as v(id, category)
         where s.user_id = ${userId} and s.id = v.id and s.category = ${UNASSIGNED}`,
  );
}
