import type { SeededRandom } from "../shared/seeded-random";

/** A subject/snippet pair with {placeholders} filled per message. `urgent` ones are rarer. */
export type Template = { subject: string; snippet: string; rare?: boolean };

const REPOS = ["northwind/api", "northwind/web", "northwind/infra", "northwind/mobile", "northwind/billing"];
const FEATURES = ["rate limiter", "SSO login", "CSV export", "webhook retries", "search indexing", "onboarding flow", "billing page", "audit log"];
const CUSTOMERS = ["Acme Logistics", "Globex", "Initech", "Umbrella Health", "Stark Freight", "Wayne Retail", "Soylent Foods", "Hooli"];
const TOPICS = ["AI agents", "Postgres at scale", "pricing pages", "remote hiring", "SOC 2", "edge functions", "product-led sales", "churn"];
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"];
const MEETINGS = ["Weekly product sync", "Design review", "1:1", "Pipeline review", "Board prep", "Customer QBR", "Sprint planning", "Investor catch-up"];
const PRODUCTS = ["sneakers", "headphones", "coffee beans", "standing desks", "linen shirts", "running gear", "cookware", "backpacks"];

/**
 * Placeholder values for one message, drawn on first use and then reused, so that the subject and
 * the snippet of a message talk about the same customer, topic or amount.
 */
export function createVars(rng: SeededRandom, first: string): (key: string) => string {
  const drawn = new Map<string, string>();
  const draw = (key: string): string => {
    switch (key) {
      case "n":
        return String(100 + rng.int(4900));
      case "seats":
        return String(rng.pick([25, 40, 60, 120, 250, 500]));
      case "repo":
        return rng.pick(REPOS);
      case "feature":
        return rng.pick(FEATURES);
      case "customer":
        return rng.pick(CUSTOMERS);
      case "topic":
        return rng.pick(TOPICS);
      case "amount":
        return `$${(200 + rng.int(48_000)).toLocaleString("en-US")}.${String(rng.int(100)).padStart(2, "0")}`;
      case "day":
        return rng.pick(DAYS);
      case "hour":
        return `${1 + rng.int(11)}${rng.chance(0.5) ? "am" : "pm"}`;
      case "meeting":
        return rng.pick(MEETINGS);
      case "product":
        return rng.pick(PRODUCTS);
      case "pct":
        return String(rng.pick([15, 20, 25, 30, 40, 50]));
      case "sha":
        return rng.next().toString(16).slice(2, 9);
      case "first":
        return first;
      default:
        return key;
    }
  };
  return (key) => {
    if (!drawn.has(key)) drawn.set(key, draw(key));
    return drawn.get(key)!;
  };
}

/** Fill {placeholders} ({n} {seats} {repo} {feature} {customer} {topic} {amount} {day} {hour} {meeting} {product} {pct} {sha} {first}). */
export function fill(text: string, vars: (key: string) => string): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => vars(key));
}

export const COLLEAGUE: Template[] = [
  { subject: "Re: Q{n} roadmap draft", snippet: "I moved the {feature} work up a sprint, can you take a look before Thursday?" },
  { subject: "Quick sync on hiring plan?", snippet: "Do you have 15 minutes today? I want to align on the two senior roles before we post them." },
  { subject: "Notes from the {customer} call", snippet: "They are happy overall but want {feature} by end of quarter. Full notes in the doc." },
  { subject: "Offsite agenda", snippet: "Here's a first cut of the agenda. Day one is strategy, day two is planning." },
  { subject: "Re: {feature} spec", snippet: "Left a few comments. The edge case with expired tokens is the one I'd worry about." },
  { subject: "Can you approve my expense report?", snippet: "It's the conference trip, receipts are attached in the tool." },
  {
    subject: "Production is down",
    snippet: "API is returning 502s for everyone since a few minutes ago, I'm on it with {first}. Join the incident channel.",
    rare: true,
  },
  {
    subject: "URGENT: need your sign-off on the security questionnaire",
    snippet: "{customer} legal needs it today or the deal slips to next quarter.",
    rare: true,
  },
];

export const INVESTOR: Template[] = [
  { subject: "Term sheet", snippet: "Great meeting today. Attached is our term sheet, happy to walk you through it tomorrow.", rare: true },
  { subject: "Re: Term sheet - Northwind Series A", snippet: "We can move on the pro-rata. Let's find time to close the open points this week.", rare: true },
  { subject: "Re: Monthly update", snippet: "Congrats on the numbers. One question on net revenue retention, can you share the cohort view?" },
  { subject: "Intro: {first} <> Northwind", snippet: "Connecting you two, {first} runs platform at a company that could be a great design partner." },
  { subject: "Board deck review", snippet: "A few thoughts on the deck before Thursday, mostly on the hiring slide." },
];

export const CUSTOMER: Template[] = [
  {
    subject: "Customer escalation: {feature} failing for our team",
    snippet: "This is blocking our month-end close. We need someone on a call today.",
    rare: true,
  },
  { subject: "Renewal question", snippet: "We're reviewing vendors for next year. Can you send the updated pricing for {seats} seats?" },
  { subject: "Re: Pricing for {seats} seats", snippet: "Thanks, that works for us. Who should I loop in from your side for the contract?" },
  { subject: "Bug report: {feature}", snippet: "Steps to reproduce are below. It happens on every second attempt." },
  { subject: "Feature request", snippet: "Would love to see {feature} improvements. Happy to jump on a call to explain our use case." },
];

export const FRIEND: Template[] = [
  { subject: "Dinner next week?", snippet: "We're free {day} or Thursday, pick whichever works." },
  { subject: "Photos from the weekend", snippet: "Finally uploaded them, the one on the boat is my favourite." },
  { subject: "Re: Recommendation", snippet: "I'd go with the smaller one, the battery life is better." },
];

export const NEWSLETTER: Template[] = [
  { subject: "Issue #{n}: What we learned about {topic}", snippet: "This week: a deep dive into {topic}, three links worth your time, and a reader question." },
  { subject: "The week in {topic}", snippet: "Hi Alex, here is what happened this week in {topic}." },
  { subject: "{topic}: a field guide", snippet: "A long read on {topic}, with examples from teams who shipped it." },
  { subject: "Weekly digest #{n}", snippet: "Top stories, one chart and a job board. Read online if this doesn't display well." },
];

export const PROMO: Template[] = [
  { subject: "48 hours only: {pct}% off everything", snippet: "Our biggest sale of the season is here. Use code SAVE{pct} at checkout." },
  { subject: "Your cart is waiting", snippet: "You left {product} in your cart. Complete your order today and get free shipping." },
  { subject: "Free shipping ends tonight", snippet: "Last chance to get free shipping on {product}." },
  { subject: "New arrivals: {product} for spring", snippet: "Fresh picks just landed. Shop now before they sell out." },
  { subject: "Last chance: {pct}% off ends soon", snippet: "Prices go back up at midnight. Don't miss it." },
  { subject: "An exclusive offer for you", snippet: "As a valued customer, enjoy {pct}% off your next order." },
];

export const INVITE: Template[] = [
  { subject: "Invitation: {meeting} @ {day} {hour}", snippet: "You have been invited to the following event. Join with Google Meet." },
  { subject: "Updated invitation: {meeting} @ {day} {hour}", snippet: "This event has been changed. More options in the calendar." },
  { subject: "Invitation: Intro call with {first} @ {day} {hour}", snippet: "You have been invited by {first}. Reply for all guests." },
];

/** Per-tool notification templates (keyed by the tool's domain). */
export const TOOL: Record<string, Template[]> = {
  "github.com": [
    { subject: "[{repo}] Fix {feature} race (PR #{n})", snippet: "@{first} requested your review on this pull request." },
    { subject: "Re: [{repo}] {feature} flakes on CI (Issue #{n})", snippet: "I can reproduce it locally, it's the retry logic." },
    { subject: "[{repo}] Run failed: deploy - main ({sha})", snippet: "The deploy workflow failed on main. View the logs for details." },
  ],
  "stripe.com": [
    {
      subject: "Payment failed for invoice INV-{n}",
      snippet: "The payment of {amount} from {customer} failed: card declined. Stripe will retry in 3 days.",
      rare: true,
    },
    { subject: "Your payout of {amount} is on the way", snippet: "Your payout should arrive in your bank account within 2 business days." },
    { subject: "Receipt for your payment of {amount}", snippet: "Thanks for your payment. Here is your receipt." },
  ],
  "linear.app": [
    { subject: "[ENG-{n}] {feature} crashes on Safari", snippet: "{first} assigned this issue to you." },
    { subject: "Weekly summary: {n} issues completed", snippet: "Your team closed issues across 3 projects this week." },
  ],
  "vercel.com": [
    { subject: "Failed production deployment on northwind-web", snippet: "The deployment for commit {sha} failed during build.", rare: true },
    { subject: "Deployment ready: northwind-web ({sha})", snippet: "Your preview deployment is ready." },
  ],
  "aws.amazon.com": [
    {
      subject: 'ALARM: "api-5xx-rate" in US East (N. Virginia)',
      snippet: "You are receiving this email because your Amazon CloudWatch Alarm entered the ALARM state.",
      rare: true,
    },
    { subject: "AWS Notification - Billing alert for {amount}", snippet: "Your estimated charges are above the threshold you set." },
  ],
  "pagerduty.com": [
    {
      subject: "[Triggered] #{n} Production is down: api.northwindlabs.com 5xx",
      snippet: "Incident triggered on service API. Acknowledge or escalate.",
      rare: true,
    },
    { subject: "[Resolved] #{n} High latency on checkout", snippet: "The incident was resolved automatically." },
  ],
  "sentry.io": [
    {
      subject: "New issue in northwind-web: TypeError in {feature}",
      snippet: "Cannot read properties of undefined (reading 'id'). First seen in release {sha}.",
    },
  ],
  "datadoghq.com": [{ subject: "[Monitor Alert] p99 latency above 800ms on api", snippet: "The monitor was triggered. Value: 912ms." }],
  "slack.com": [{ subject: "New messages from {first} in #eng", snippet: "You have unread messages in Northwind Labs." }],
  "notion.so": [{ subject: "{first} mentioned you in {feature} RFC", snippet: "@you can you check the rollout section?" }],
  "figma.com": [{ subject: "{first} commented on Dashboard v{n}", snippet: "Should this button be primary?" }],
  "atlassian.net": [{ subject: "[JIRA] (OPS-{n}) {feature} migration", snippet: "{first} changed the status to In Review." }],
  "circleci.com": [{ subject: "Failed: northwind/api - main #{n}", snippet: "Your build failed at step: run tests." }],
  "cloudflare.com": [{ subject: "Cloudflare: SSL certificate renewed for northwindlabs.com", snippet: "Your certificate was renewed successfully." }],
  "1password.com": [{ subject: "New sign-in to your 1Password account", snippet: "A new device signed in. If this wasn't you, review your account." }],
  "docusign.net": [{ subject: "Please DocuSign: {customer} MSA", snippet: "{first} sent you a document to review and sign." }],
  "google.com": [{ subject: "Security alert for your account", snippet: "A new sign-in on Mac. If this was you, you don't need to do anything." }],
  default: [
    { subject: "Your weekly report", snippet: "Here is how your workspace did this week." },
    { subject: "Action required: verify your domain", snippet: "We couldn't verify the DNS record for northwindlabs.com." },
    { subject: "Usage alert: 80% of your plan", snippet: "You have used 80% of your monthly quota." },
  ],
};
