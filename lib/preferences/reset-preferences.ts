import { eq, sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { isPublicMailDomain } from "@/lib/mail/public-mail-domains";
import type { PreferenceFields } from "@/lib/schemas/preferences";
import { categoryParam } from "@/lib/senders/category-param";
import { getPreferencesRow } from "./get-preferences";
import { updatePreferences } from "./update-preferences";

// Signals read from the user's own senders (domain, name, latest subject), case-insensitive regexes.
const FINANCE = String.raw`(stripe|paypal|wise|mercury|brex|ramp|chase|bankofamerica|wellsfargo|amex|americanexpress|capitalone|revolut|monzo|quickbooks|intuit|xero|bill\.com|gusto|invoice|payment|payout|receipt|bank|wire transfer|overdue)`;
const INVESTOR = String.raw`(investor|board meeting|board deck|shareholder|cap table|carta|angellist|term sheet|LP update|fundrais|due diligence)`;
const SUPPORT = String.raw`(zendesk|intercom|freshdesk|helpscout|front\.com|ticket #|escalat|support request|customer (issue|complaint))`;
const PARTNERSHIP = String.raw`(partnership|partner program|collaborat|proposal|introduc(e|tion) you|reseller|co-marketing)`;
const LAUNCH = String.raw`(producthunt|product hunt|launch|introducing|now available|new release|release notes|changelog)`;

type Signals = { finance: number; investor: number; support: number; team: number; partnership: number; launch: number; meetings: number };

/**
 * Smart defaults derived from the senders PookAi has seen: a trigger is switched on when the user
 * actually gets that kind of mail (money, investors, customers, teammates on their own domain),
 * digest topics when they show up, and a busy calendar gets "important-only" reminders.
 * The call time, voice and quiet hours are the user's own choices and are kept.
 */
export async function deriveSmartDefaults(userId: string): Promise<PreferenceFields> {
  const db = await getDb();
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  const ownDomain = user?.email.split("@")[1]?.toLowerCase() ?? "";
  const isCompanyDomain = ownDomain !== "" && !isPublicMailDomain(ownDomain);
  const text = sql`(domain || ' ' || name || ' ' || latest_subject)`;
  const [s] = await queryRows<Signals>(
    db,
    sql`select
          count(*) filter (where ${text} ~* ${FINANCE} and category <> ${categoryParam("why-did-i-signup")})::int as finance,
          count(*) filter (where ${text} ~* ${INVESTOR})::int as investor,
          count(*) filter (where ${text} ~* ${SUPPORT})::int as support,
          count(*) filter (where sender_type = 'personal' and ${isCompanyDomain} and domain = ${ownDomain})::int as team,
          count(*) filter (where ${text} ~* ${PARTNERSHIP} and sender_type in ('personal', 'tool'))::int as partnership,
          count(*) filter (where ${text} ~* ${LAUNCH})::int as launch,
          count(*) filter (where sender_type = 'meeting')::int as meetings
        from email_senders where user_id = ${userId}`,
  );
  const current = await getPreferencesRow(userId);
  return {
    urgent_financial: s!.finance > 0,
    investor_updates: s!.investor > 0,
    customer_issues: s!.support > 0,
    team_urgent: s!.team > 0,
    partnership_deals: s!.partnership > 0,
    product_launches: s!.launch >= 3,
    meeting_reminder_timing: "15-minutes",
    meeting_reminder_frequency: s!.meetings > 15 ? "important-only" : "all-meetings",
    meeting_reminder_method: "call-only",
    preferred_call_time: current.preferred_call_time,
    voice_preference: current.voice_preference as PreferenceFields["voice_preference"],
    quiet_hours_start: current.quiet_hours_start,
    quiet_hours_end: current.quiet_hours_end,
    urgent_calls_in_quiet_hours: current.urgent_calls_in_quiet_hours,
  };
}

export async function resetPreferences(userId: string) {
  return updatePreferences(userId, await deriveSmartDefaults(userId), "reset");
}
