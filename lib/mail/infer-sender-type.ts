import type { SenderType } from "@/lib/schemas/enums";
import { baseDomain, emailDomain } from "./email-domain";
import { hasCalendarSignal } from "./classify-headers";

/** The parts of a message (any provider's MailMessageMeta fits) that say what kind of sender it is. */
export type SenderTypeInput = { from_email: string; subject: string; headers: Record<string, string>; has_calendar?: boolean; from_name?: string };

// ESP / campaign signatures that mark marketing sends (Mailchimp, Mailgun, SendGrid, SFMC, Marketo...).
const CAMPAIGN_HEADERS = ["x-campaign", "x-campaign-id", "x-mailgun-tag", "x-sg-eid", "x-mc-user", "x-sfmc-stack", "x-marketo-id"];
const PROMO_SUBJECT =
  /\b(\d{1,2}\s?% off|sale\b|deal(s)?\b|discount|coupon|promo(tion)?\b|free shipping|limited[- ]time|last chance|ends (tonight|today|soon)|black friday|cyber monday|flash sale|exclusive offer|save (up to )?\$?\d|buy one|bogo|\boffer\b|new arrivals|shop now)/i;
const NO_REPLY_LOCAL =
  /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|notifications?|notify|alerts?|mailer-daemon|automated|bounce[s]?|system|robot)([-_.+].*)?$/i;
// Notification senders of well-known SaaS tools (organisation domain).
const SAAS_DOMAINS = new Set([
  "github.com",
  "gitlab.com",
  "bitbucket.org",
  "stripe.com",
  "linear.app",
  "vercel.com",
  "amazonaws.com",
  "aws.amazon.com",
  "sentry.io",
  "pagerduty.com",
  "atlassian.net",
  "atlassian.com",
  "slack.com",
  "notion.so",
  "figma.com",
  "datadoghq.com",
  "circleci.com",
  "netlify.com",
  "heroku.com",
  "digitalocean.com",
  "cloudflare.com",
  "intercom.io",
  "zendesk.com",
  "hubspot.com",
  "twilio.com",
  "docusign.net",
  "asana.com",
  "trello.com",
  "zoom.us",
  "1password.com",
  "okta.com",
  "grafana.net",
  "statuspage.io",
  "render.com",
  "supabase.io",
  "supabase.com",
  "openai.com",
  "google.com",
]);
const SAAS_LOCAL = /^(notifications?|noreply|no-reply|alerts?|support|billing|receipts?|invoice[s]?|team|hello|security|updates?)$/i;

function isAutoSubmitted(headers: Record<string, string>): boolean {
  const value = (headers["auto-submitted"] ?? "").trim().toLowerCase();
  return value !== "" && value !== "no";
}

/**
 * The sender type from headers first (deterministic, no LLM), in order of how specific a signal is:
 * calendar -> meeting; bulk mail with campaign/promo signals -> promotional; Auto-Submitted or a
 * SaaS notification sender -> tool; List-Unsubscribe / List-Id / Precedence bulk|list -> newsletter;
 * a no-reply address -> tool; anything else -> personal.
 */
export function inferSenderType(meta: SenderTypeInput): SenderType {
  const headers = meta.headers;
  const subject = meta.subject;
  if (meta.has_calendar || hasCalendarSignal(headers, subject)) return "meeting";

  const precedence = (headers["precedence"] ?? "").trim().toLowerCase();
  const isBulk = Boolean(headers["list-unsubscribe"] || headers["list-id"] || precedence === "bulk" || precedence === "list" || precedence === "junk");
  const hasCampaign = CAMPAIGN_HEADERS.some((h) => headers[h]);
  const isPromoSubject = PROMO_SUBJECT.test(subject);
  if (hasCampaign || (isBulk && isPromoSubject) || precedence === "junk") return "promotional";

  const local = meta.from_email.split("@")[0] ?? "";
  const org = baseDomain(emailDomain(meta.from_email));
  const isSaasSender = SAAS_DOMAINS.has(org) && SAAS_LOCAL.test(local.split("+")[0]!);
  if (isAutoSubmitted(headers) || headers["x-github-reason"] || isSaasSender) return "tool";

  if (isBulk) return "newsletter";
  if (NO_REPLY_LOCAL.test(local)) return "tool";
  return "personal";
}
