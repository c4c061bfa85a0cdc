import { sql, type SQL } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/lib/db";
import type { emailSenders } from "@/lib/db/schema";
import type { SenderCategory } from "@/lib/schemas/enums";
import { categoryParam } from "./category-param";
import { PRIVATE_CATEGORY, storablePreview } from "./sender-privacy";

/** Who decided a sender's category: the user, one of the user's rules, or nobody (back to unassigned). */
export type CategorySource = (typeof emailSenders.$inferSelect)["category_source"];

const UNASSIGNED = "unassigned" satisfies SenderCategory;

export type CategoryDecisions =
  /**
   * The user's explicit choices. Each one is written (and counted) even when it changes nothing; a
   * choice of "unassigned" hands the sender back to rules and suggestions.
   */
  | { by: "user"; choices: readonly { sender_id: string; category: SenderCategory }[] }
  /**
   * What the user's rules say: a query yielding (sender_id uuid, category sender_category), with a
   * null category for a sender that no rule covers any more. Only senders that move are written.
   */
  | { by: "rules"; matches: SQL };

const source = (value: CategorySource): SQL => sql`${value}`;

/**
 * The one write path of a sender's category: every writer (a triage click, a bulk update, the
 * rules, a scan applying them) goes through here. Each change records who decided it
 * (`category_source`), and a sender that becomes private loses the previews already stored for it,
 * its own and its messages', in the same statement. Returns how many senders were written and
 * their domains (the suggestions of their neighbours depend on the user's choices).
 */
export async function assignSenderCategories(db: DbOrTx, userId: string, decisions: CategoryDecisions): Promise<{ updated: number; domains: string[] }> {
  const decided =
    decisions.by === "user"
      ? sql`select v.sender_id, v.category,
                   case when v.category = ${categoryParam(UNASSIGNED)} then ${source("default")} else ${source("user")} end as category_source
              from jsonb_to_recordset(${JSON.stringify(decisions.choices)}::jsonb) as v(sender_id uuid, category sender_category)`
      : sql`select m.sender_id, coalesce(m.category, ${categoryParam(UNASSIGNED)}) as category,
                   case when m.category is null then ${source("default")} else ${source("rule")} end as category_source
              from (${decisions.matches}) as m`;
  const onlyMoved = decisions.by === "rules" ? sql`and (s.category, s.category_source) is distinct from (v.category, v.category_source)` : sql``;
  const [row] = await queryRows<{ updated: number; domains: string[] | null }>(
    db,
    sql`with v as (${decided}),
        upd as (
          update email_senders s
             set category = v.category,
                 category_source = v.category_source,
                 latest_preview = ${storablePreview(sql`v.category`, sql`s.latest_preview`)},
                 updated_at = now()
            from v
           where s.id = v.sender_id and s.user_id = ${userId} ${onlyMoved}
          returning s.id, s.category, s.domain
        ),
        wipe as (
          update email_messages m set preview = ''
            from upd
           where m.sender_id = upd.id and upd.category = ${categoryParam(PRIVATE_CATEGORY)} and m.user_id = ${userId} and m.preview <> ''
        )
        select count(*)::int as updated, array_agg(distinct domain) as domains from upd`,
  );
  return { updated: Number(row?.updated ?? 0), domains: row?.domains ?? [] };
}
