import type { SenderType } from "@/lib/schemas/enums";
import { COLLEAGUE, CUSTOMER, FRIEND, INVESTOR, INVITE, NEWSLETTER, PROMO, TOOL, type Template } from "./demo-content";
import { createRandom, type SeededRandom } from "../shared/seeded-random";

/** The demo user's mailbox and company. */
export const DEMO_ACCOUNT_EMAIL = "alex.morgan@northwindlabs.com";
export const DEMO_COMPANY_DOMAIN = "northwindlabs.com";

export type DemoSender = {
  email: string;
  name: string;
  /** What the generator means this sender to be (inferSenderType should agree from the headers). */
  type: SenderType;
  /** Relative volume. */
  weight: number;
  templates: Template[];
  /** Headers for one message of this sender. */
  headers(rng: SeededRandom, messageKey: string): Record<string, string>;
  has_calendar: boolean;
};

export const FIRST_NAMES = [
  "Maya",
  "Liam",
  "Priya",
  "Noah",
  "Sofia",
  "Ethan",
  "Aisha",
  "Lucas",
  "Chloe",
  "Mateo",
  "Hana",
  "Oliver",
  "Zara",
  "Diego",
  "Emma",
  "Kenji",
  "Amara",
  "Leo",
  "Nina",
  "Omar",
  "Grace",
  "Ravi",
  "Elena",
  "Sam",
  "Ines",
  "Tom",
  "Yara",
  "Felix",
  "Mei",
  "Jonas",
  "Lina",
  "Arjun",
  "Clara",
  "Theo",
  "Sara",
  "Hugo",
  "Anya",
  "Marco",
  "Julia",
  "Kofi",
];
const LAST = [
  "Chen",
  "Patel",
  "Garcia",
  "Kim",
  "Novak",
  "Okafor",
  "Rossi",
  "Silva",
  "Tanaka",
  "Weber",
  "Haddad",
  "Larsen",
  "Moreau",
  "Nguyen",
  "Ortiz",
  "Schmidt",
  "Dubois",
  "Ivanova",
  "Khan",
  "Lopez",
  "Murphy",
  "Sato",
  "Becker",
  "Costa",
  "Fischer",
  "Jensen",
  "Mendes",
  "Park",
  "Reyes",
  "Yilmaz",
];
export const FUNDS = ["foundrypeak.vc", "northstar.capital", "bluebirch.vc", "harborlight.com", "meridianventures.com", "sparkfund.vc", "tidewater.vc"];
export const CUSTOMER_DOMAINS = [
  "acmelogistics.com",
  "globex.com",
  "initech.io",
  "umbrellahealth.org",
  "starkfreight.com",
  "wayneretail.com",
  "soylentfoods.com",
  "hooli.xyz",
  "cyberdyne.ai",
  "piedpiper.net",
  "vandelay.com",
  "oscorp.io",
];
const FRIEND_DOMAINS = ["gmail.com", "outlook.com", "icloud.com", "proton.me", "fastmail.com"];
const NEWSLETTERS = [
  "The Pragmatic Engineer",
  "Lenny's Newsletter",
  "TLDR",
  "Stratechery",
  "Morning Brew",
  "Hacker Newsletter",
  "Bytes",
  "Platformer",
  "The Generalist",
  "Not Boring",
  "Import AI",
  "Console",
  "Changelog Weekly",
  "JavaScript Weekly",
  "Postgres Weekly",
  "Node Weekly",
  "Frontend Focus",
  "SaaS Weekly",
  "Product Hunt Daily",
  "Benedict's Newsletter",
  "Exponential View",
  "The Hustle",
  "Axios Pro Rata",
  "Term Sheet",
  "StrictlyVC",
  "Every",
  "Refactoring",
  "ByteByteGo",
  "Level Up",
  "Software Lead Weekly",
  "DevOps Weekly",
  "SRE Weekly",
  "Data Elixir",
  "The Batch",
  "Ben's Bites",
  "Superhuman AI",
  "The Rundown",
  "Tech Brew",
  "Dense Discovery",
  "Sidebar",
  "UX Collective",
  "Design Weekly",
  "Indie Hackers",
  "Founder Weekly",
  "First Round Review",
];
const BRANDS = [
  "Allbirds",
  "Patagonia",
  "Everlane",
  "Warby Parker",
  "Casper",
  "Away",
  "Glossier",
  "Bonobos",
  "Brooklinen",
  "Outdoor Voices",
  "Harry's",
  "Mejuri",
  "Rothy's",
  "Parachute",
  "Quip",
  "Blue Bottle",
  "Huckberry",
  "REI",
  "Uniqlo",
  "Nike",
  "Adidas",
  "Sonos",
  "Bose",
  "Lego",
  "IKEA",
  "Zara",
  "H&M",
  "Etsy",
  "Wayfair",
  "Chewy",
  "Instacart",
  "DoorDash",
  "Uber Eats",
  "Airbnb",
  "Booking.com",
  "Expedia",
  "Delta",
  "United",
  "Lufthansa",
  "Spotify",
  "Audible",
  "Kindle",
  "Masterclass",
  "Skillshare",
  "Udemy",
  "Coursera",
  "Peloton",
  "Strava",
  "Headspace",
  "Calm",
];
const TOOL_SENDERS: [string, string, string, number][] = [
  ["GitHub", "notifications@github.com", "github.com", 14],
  ["Stripe", "notifications@stripe.com", "stripe.com", 4],
  ["Linear", "notifications@linear.app", "linear.app", 6],
  ["Vercel", "notifications@vercel.com", "vercel.com", 4],
  ["AWS Notifications", "no-reply@sns.amazonaws.com", "aws.amazon.com", 2],
  ["PagerDuty", "no-reply@pagerduty.com", "pagerduty.com", 1.5],
  ["Sentry", "noreply@md.getsentry.com", "sentry.io", 3],
  ["Datadog", "alert@dtdg.co", "datadoghq.com", 2],
  ["Slack", "notification@slack.com", "slack.com", 3],
  ["Notion", "notify@mail.notion.so", "notion.so", 2],
  ["Figma", "no-reply@figma.com", "figma.com", 1.5],
  ["Jira", "jira@northwind.atlassian.net", "atlassian.net", 2],
  ["CircleCI", "builds@circleci.com", "circleci.com", 1.5],
  ["Cloudflare", "noreply@notify.cloudflare.com", "cloudflare.com", 0.5],
  ["1Password", "hello@1password.com", "1password.com", 0.4],
  ["DocuSign", "dse@docusign.net", "docusign.net", 0.6],
  ["Google", "no-reply@accounts.google.com", "google.com", 0.5],
];
const MORE_TOOLS = [
  "Intercom",
  "Zendesk",
  "HubSpot",
  "Twilio",
  "Asana",
  "Trello",
  "Heroku",
  "Netlify",
  "DigitalOcean",
  "Render",
  "Supabase",
  "OpenAI",
  "Grafana",
  "Statuspage",
  "Okta",
  "Retool",
  "Segment",
  "Mixpanel",
  "Amplitude",
  "PostHog",
  "LaunchDarkly",
  "Snyk",
  "Dependabot Digest",
  "Postmark",
  "Mailgun",
  "Algolia",
  "Auth0",
  "Fly.io",
];

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "")
    .slice(0, 24);
}

/** Unique people names, deterministic from the seed. */
function peopleNames(rng: SeededRandom, count: number): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  while (out.length < count) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST);
    if (seen.has(`${first} ${last}`)) continue;
    seen.add(`${first} ${last}`);
    out.push([first, last]);
  }
  return out;
}

const plain = () => ({ "content-type": 'multipart/alternative; boundary="0000000000005e1f"' });

/**
 * About 300 senders across the five sender types, with the headers real senders of each kind send
 * (RFC 2369 List-Unsubscribe with and without RFC 8058 one-click, Auto-Submitted, ESP campaign
 * headers, text/calendar invitations), all deterministic from `seed`.
 */
export function buildDemoSenders(seed: string): DemoSender[] {
  const rng = createRandom(`${seed}:senders`);
  const senders: DemoSender[] = [];
  const people = peopleNames(rng, 150);
  let p = 0;
  // People: colleagues on the user's domain, investors, customers, friends.
  const person = (domain: string, templates: Template[], weight: number) => {
    const [first, last] = people[p++]!;
    senders.push({
      email: `${first}.${last}@${domain}`.toLowerCase(),
      name: `${first} ${last}`,
      type: "personal",
      weight,
      templates,
      headers: plain,
      has_calendar: false,
    });
  };
  for (let i = 0; i < 40; i++) person(DEMO_COMPANY_DOMAIN, COLLEAGUE, i < 8 ? 6 : 1.5);
  for (let i = 0; i < 14; i++) person(FUNDS[i % FUNDS.length]!, INVESTOR, 0.8);
  for (let i = 0; i < 36; i++) person(CUSTOMER_DOMAINS[i % CUSTOMER_DOMAINS.length]!, CUSTOMER, 1);
  for (let i = 0; i < 30; i++) person(FRIEND_DOMAINS[i % FRIEND_DOMAINS.length]!, FRIEND, 0.7);

  NEWSLETTERS.forEach((name, i) => {
    const domain = i % 3 === 0 ? "substack.com" : `${slug(name)}.com`;
    const local = i % 3 === 0 ? slug(name) : "newsletter";
    const style = i % 4; // 0,1: one-click https; 2: mailto only; 3: https + mailto without one-click
    senders.push({
      email: `${local}@${domain}`,
      name,
      type: "newsletter",
      weight: i < 10 ? 3 : 1.2,
      templates: NEWSLETTER,
      has_calendar: false,
      headers: (r, key) => {
        const token = key.slice(-10);
        const https = `<https://${domain}/unsubscribe?u=${token}>`;
        const mailto = `<mailto:unsubscribe+${token}@${domain}?subject=unsubscribe>`;
        return {
          "list-unsubscribe": style === 2 ? mailto : style === 3 ? `${mailto}, ${https}` : https,
          ...(style < 2 ? { "list-unsubscribe-post": "List-Unsubscribe=One-Click" } : {}),
          "list-id": `${name} <${slug(name)}.${domain}>`,
          ...(r.chance(0.5) ? { precedence: "bulk" } : {}),
          "content-type": 'multipart/alternative; boundary="nl"',
        };
      },
    });
  });

  const esp = [
    (r: SeededRandom) => ({ "x-mailgun-tag": `campaign-${r.int(900)}` }),
    (r: SeededRandom) => ({ "x-sg-eid": r.next().toString(36).slice(2, 14) }),
    (r: SeededRandom) => ({ "x-mc-user": r.next().toString(16).slice(2, 12), "x-campaign": `mc.${r.int(99999)}` }),
    (r: SeededRandom) => ({ "x-campaign-id": `${r.int(999999)}` }),
  ];
  BRANDS.forEach((brand, i) => {
    const domain = `${slug(brand)}.com`;
    senders.push({
      email: `${i % 2 ? "hello" : "offers"}@e.${domain}`,
      name: brand,
      type: "promotional",
      weight: i < 12 ? 2.2 : 1,
      templates: PROMO,
      has_calendar: false,
      headers: (r, key) => ({
        precedence: "bulk",
        "list-unsubscribe": `<https://e.${domain}/u/${key.slice(-10)}>, <mailto:unsub@e.${domain}>`,
        ...(i % 5 !== 4 ? { "list-unsubscribe-post": "List-Unsubscribe=One-Click" } : {}),
        "feedback-id": `${r.int(9999)}:${slug(brand)}:esp`,
        ...esp[i % esp.length]!(r),
      }),
    });
  });

  for (const [name, email, domain, weight] of TOOL_SENDERS) {
    senders.push({
      email,
      name,
      type: "tool",
      weight,
      templates: TOOL[domain] ?? TOOL.default!,
      has_calendar: false,
      headers: (r): Record<string, string> =>
        domain === "github.com"
          ? {
              "auto-submitted": "auto-generated",
              "x-github-reason": r.pick(["review_requested", "mention", "ci_activity", "author"]),
              "list-id": `${r.pick(["api", "web", "infra"])} <${r.pick(["api", "web", "infra"])}.northwind.github.com>`,
              "list-unsubscribe": "<mailto:unsub+x@reply.github.com>",
            }
          : { "auto-submitted": "auto-generated", "content-type": "text/html; charset=utf-8" },
    });
  }
  MORE_TOOLS.forEach((name) => {
    senders.push({
      email: `no-reply@${slug(name)}.io`,
      name,
      type: "tool",
      weight: 0.5,
      templates: TOOL.default!,
      has_calendar: false,
      headers: () => ({ "auto-submitted": "auto-generated" }),
    });
  });

  const invites: [string, string][] = [
    ["Google Calendar", "calendar-notification@google.com"],
    ["Calendly", "notifications@calendly.com"],
    ["Cal.com", "no-reply@cal.com"],
    ["Microsoft Outlook", "calendar@outlook.office365.com"],
  ];
  for (let i = 0; i < 10; i++) {
    const [first, last] = people[p++]!;
    invites.push([`${first} ${last} (EA)`, `ea.${first}.${last}@${FUNDS[i % FUNDS.length]}`.toLowerCase()]);
  }
  invites.forEach(([name, email], i) => {
    senders.push({
      email,
      name,
      type: "meeting",
      weight: i < 2 ? 4 : 0.7,
      templates: INVITE,
      has_calendar: true,
      headers: () => ({ "content-type": i % 2 ? "text/calendar; method=REQUEST; charset=UTF-8" : 'multipart/mixed; boundary="cal"' }),
    });
  });
  return senders;
}
