import type { SenderCategory, SenderType } from "@/lib/schemas/enums";

export type UrgencyTriggers = {
  urgent_financial: boolean;
  investor_updates: boolean;
  customer_issues: boolean;
  team_urgent: boolean;
};

export type UrgencyInput = {
  category: SenderCategory;
  sender_type: SenderType;
  domain: string;
  subject: string;
  snippet: string;
  /** The user's own company domain ("" for gmail.com-style addresses): teammates share it. */
  user_domain: string;
};

export type UrgencyReason = "call-me" | "urgent_financial" | "investor_updates" | "customer_issues" | "team_urgent";

const FINANCIAL =
  /\b(payment (failed|declined|unsuccessful)|card (was )?(declined|expired)|overdue|past due|insufficient funds|chargeback|dispute(d)? (opened|payment)|fraud(ulent)?|suspicious (activity|sign[- ]?in|login)|account (locked|suspended|frozen)|wire (transfer|instructions)|final notice|payroll (failed|issue))\b/i;
const INVESTOR =
  /\b(term sheet|investor update|board (meeting|deck|consent)|wire instructions|closing (docs|documents)|safe note|\bSAFE\b|cap table|due diligence|lead (the|our) round|funding round)\b/i;
const CUSTOMER =
  /\b(escalat(ed|ion)|outage|(site|app|service|platform|api) (is )?(down|broken|unavailable)|can('|no)t (log ?in|access)|data loss|refund|churn|cancel(l?ing)? (our|my) (subscription|contract|account)|complaint|sev ?[12]\b|p[01]\b)/i;
const TEAM_URGENT = /\b(urgent|asap|emergency|incident|prod(uction)? (is )?down|outage|blocker|p0|sev ?1|need you now|call me)\b/i;

/**
 * Whether new mail deserves an immediate call, by rules (no LLM): every message from a call-me
 * sender, and messages matching a switched-on trigger from senders the user has not silenced.
 * A dont-tell-anyone, keep-quiet or why-did-i-signup sender never triggers a call.
 */
export function detectUrgency(input: UrgencyInput, triggers: UrgencyTriggers): UrgencyReason | null {
  if (input.category === "call-me") return "call-me";
  if (input.category !== "unassigned" && input.category !== "remind-me") return null;
  if (input.sender_type === "newsletter" || input.sender_type === "promotional") return null;
  const text = `${input.subject} ${input.snippet}`;
  if (triggers.urgent_financial && FINANCIAL.test(text)) return "urgent_financial";
  if (triggers.investor_updates && input.sender_type === "personal" && INVESTOR.test(text)) return "investor_updates";
  if (triggers.customer_issues && CUSTOMER.test(text)) return "customer_issues";
  if (triggers.team_urgent && input.user_domain !== "" && input.domain === input.user_domain && TEAM_URGENT.test(text)) return "team_urgent";
  return null;
}
