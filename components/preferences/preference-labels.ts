import type { PreferenceFields } from "@/lib/schemas/preferences";

type Toggle = { field: keyof PreferenceFields; label: string; hint: string };

/** Seed 000's groups, in its order, in words a person would use. */
export const CALL_TRIGGERS: Toggle[] = [
  { field: "urgent_financial", label: "Money matters", hint: "Failed payments, overdue invoices, bank and card alerts" },
  { field: "investor_updates", label: "Investor updates", hint: "Board decks, term sheets, shareholder mail" },
  { field: "customer_issues", label: "Customer issues", hint: "Escalations, complaints, urgent support tickets" },
  { field: "team_urgent", label: "Urgent messages from my team", hint: "Colleagues on your company's domain saying it cannot wait" },
];

export const DIGEST_TOPICS: Toggle[] = [
  { field: "partnership_deals", label: "Partnership and deal proposals", hint: "Introductions, collaborations, reseller offers" },
  { field: "product_launches", label: "Product launches", hint: "Launch announcements, release notes, changelogs" },
];

export const TIMING_LABELS: Record<PreferenceFields["meeting_reminder_timing"], string> = {
  "15-minutes": "15 minutes before",
  "30-minutes": "30 minutes before",
  "1-hour": "1 hour before",
  "2-hours": "2 hours before",
  "1-day": "The day before",
};

export const FREQUENCY_LABELS: Record<PreferenceFields["meeting_reminder_frequency"], string> = {
  "all-meetings": "Every meeting",
  "important-only": "Only important meetings",
  "external-only": "Only meetings with people outside my company",
  "investor-calls": "Only investor calls",
};

export const METHOD_LABELS: Record<PreferenceFields["meeting_reminder_method"], string> = {
  "call-only": "Call me",
  "digest-only": "Mention it in my daily digest",
  "call-and-digest": "Both: call me and mention it in the digest",
};
