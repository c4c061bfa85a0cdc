import { zonedTimeToUtc } from "@/lib/time/zoned-time";
import { buildDemoSenders, CUSTOMER_DOMAINS, DEMO_ACCOUNT_EMAIL, DEMO_COMPANY_DOMAIN, FUNDS } from "../mail/demo-senders";
import { createRandom, type SeededRandom } from "../shared/seeded-random";
import type { CalendarEvent } from "./types";

type Day = { year: number; month: number; day: number };
type Person = { email: string; name: string };

const COMPANY: Record<string, string> = {
  "acmelogistics.com": "Acme Logistics",
  "globex.com": "Globex",
  "initech.io": "Initech",
  "umbrellahealth.org": "Umbrella Health",
  "starkfreight.com": "Stark Freight",
  "wayneretail.com": "Wayne Retail",
  "soylentfoods.com": "Soylent Foods",
  "hooli.xyz": "Hooli",
  "cyberdyne.ai": "Cyberdyne",
  "piedpiper.net": "Pied Piper",
  "vandelay.com": "Vandelay Industries",
  "oscorp.io": "Oscorp",
  "foundrypeak.vc": "Foundry Peak",
  "northstar.capital": "Northstar Capital",
  "bluebirch.vc": "Bluebirch Ventures",
  "harborlight.com": "Harborlight Partners",
  "meridianventures.com": "Meridian Ventures",
  "sparkfund.vc": "Sparkfund",
  "tidewater.vc": "Tidewater VC",
};
const CUSTOMER_TITLES = [
  "{c}: renewal check-in",
  "{c} onboarding call",
  "Pilot review with {c}",
  "Product demo for {c}",
  "{c} quarterly business review",
  "Escalation follow-up with {c}",
  "{c}: integration kickoff",
];
const VENDORS = ["Quantix Analytics", "CloudNest", "Brightline CRM", "Stacksure", "Ledgerly"];
const ALL_DAY = ["Out of office", "Focus day: no meetings", "Customer visit: Globex HQ", "SaaStr Annual (conference)", "Hiring day"];
// Customer calls and intro calls (up to an hour) share these start times; fixed meetings sit between them.
const SLOTS: [number, number][] = [
  [10, 0],
  [11, 30],
  [13, 30],
  [15, 0],
  [16, 30],
];

const companyOf = (domain: string) => COMPANY[domain] ?? domain.split(".")[0]!.replace(/^\w/, (c) => c.toUpperCase());
const dayKey = (d: Day) => `${d.year}${String(d.month).padStart(2, "0")}${String(d.day).padStart(2, "0")}`;
const weekday = (d: Day) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
/** Weeks since the epoch's first Monday: alternating and weekly draws key on it. */
const weekIndex = (d: Day) => Math.floor((Date.UTC(d.year, d.month - 1, d.day) / 86_400_000 - 4) / 7);
const lastDayOfMonth = (d: Day) => new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();

/**
 * The demo user's calendar as a pure function of (seed, date, time zone): a founder's week of
 * stand-ups, 1:1s, customer calls with external people, a monthly investor update, a quarterly board
 * meeting, invitations they declined and some all-day days, all at working hours in the user's own
 * zone. The people are the demo mailbox's (same seed), so mail and meetings tell one story.
 */
export class DemoCalendar {
  private readonly team: Person[];
  private readonly customers: Map<string, Person[]>;
  private readonly investors: Person[];

  constructor(
    readonly seed: string,
    readonly timeZone: string,
  ) {
    const people = buildDemoSenders(seed).filter((s) => s.type === "personal");
    const domainOf = (email: string) => email.split("@")[1];
    this.team = people.filter((p) => domainOf(p.email) === DEMO_COMPANY_DOMAIN);
    this.investors = people.filter((p) => FUNDS.includes(domainOf(p.email)!));
    this.customers = new Map(CUSTOMER_DOMAINS.map((d) => [d, people.filter((p) => domainOf(p.email) === d)]));
  }

  /** Every event that starts on `day` (in the calendar's zone). */
  eventsOn(day: Day): CalendarEvent[] {
    const dow = weekday(day);
    const week = weekIndex(day);
    const key = dayKey(day);
    const rng = createRandom(`${this.seed}:calendar:${key}`);
    const plan = this.planWeek(week);
    const events: CalendarEvent[] = [];
    const me = DEMO_ACCOUNT_EMAIL;
    const [lead, report, , , , cfo, sales1, sales2, , , cofounder] = this.team;
    const at = (hour: number, minute: number) => zonedTimeToUtc({ ...day, hour, minute }, this.timeZone);
    const add = (id: string, title: string, [hour, minute]: [number, number], minutes: number, more: Partial<CalendarEvent> & { attendees: string[] }) => {
      const start = at(hour, minute);
      events.push({
        provider_event_id: `${id}-${key}`,
        title,
        start,
        end: new Date(start.getTime() + minutes * 60_000),
        all_day: false,
        location: null,
        meeting_url: null,
        organizer_email: me,
        status: "confirmed",
        self_response: "accepted",
        ...more,
      });
    };
    const allDay = (id: string, title: string, days = 1) => {
      const start = new Date(Date.UTC(day.year, day.month - 1, day.day));
      events.push({
        provider_event_id: `${id}-${key}`,
        title,
        start,
        end: new Date(start.getTime() + days * 86_400_000),
        all_day: true,
        location: null,
        meeting_url: null,
        organizer_email: me,
        attendees: [],
        status: "confirmed",
        self_response: "accepted",
      });
    };
    const meet = (r: SeededRandom) => `https://meet.google.com/${code(r, 3)}-${code(r, 4)}-${code(r, 3)}`;
    const zoom = (r: SeededRandom) => `https://us02web.zoom.us/j/${8_000_000_000 + r.int(999_999_999)}`;

    if (dow === 0 || dow === 6) return events;

    add("standup", "Daily stand-up", [9, 30], 15, {
      attendees: [me, ...this.team.slice(0, 5).map((p) => p.email)],
      organizer_email: lead!.email,
      meeting_url: `https://meet.google.com/nwl-${code(createRandom(`${this.seed}:standup`), 4)}-daily`,
    });
    const board = dow === 2 && day.day > 7 && day.day <= 14 && day.month % 3 === 2;
    const retro = dow === 5 && week % 2 === 0;
    // Slots a fixed meeting of the day would overlap.
    const busy = new Set<number>([...(dow === 1 ? [11] : []), ...(board ? [10, 11] : []), ...(retro ? [16] : [])]);
    const slots = SLOTS.filter(([h]) => !busy.has(h));
    if (dow === 1)
      add("leadership", "Weekly leadership sync", [11, 0], 45, { attendees: [me, ...this.team.slice(5, 10).map((p) => p.email)], location: "Boardroom" });
    if (dow === 2) add("one-on-one-report", `1:1 ${first(me)} / ${first(report!.email)}`, [12, 30], 30, { attendees: [me, report!.email] });
    if (dow === 4)
      add("one-on-one-cofounder", `1:1 with ${cofounder!.name}`, [16, 0], 30, { attendees: [cofounder!.email, me], organizer_email: cofounder!.email });
    if (retro)
      add("retro", "Sprint retro", [16, 0], 45, {
        attendees: [me, ...this.team.slice(0, 6).map((p) => p.email)],
        organizer_email: lead!.email,
        meeting_url: meet(rng),
      });
    if (dow === 3 && week % 2 === 1)
      add("lunch-and-learn", "Lunch & learn: pricing experiments", [12, 30], 60, {
        attendees: [me, ...this.team.slice(0, 14).map((p) => p.email)],
        organizer_email: sales1!.email,
        location: "Kitchen",
      });

    // First Thursday: the monthly investor update; second Tuesday of Feb/May/Aug/Nov: the board.
    if (dow === 4 && day.day <= 7) {
      add("investor-update", "Monthly investor update", [17, 30], 45, {
        attendees: [me, cfo!.email, ...FUNDS.slice(0, 4).map((f) => this.investors.find((p) => p.email.endsWith(`@${f}`))?.email ?? `partner@${f}`)],
        meeting_url: zoom(rng),
      });
    }
    if (board) {
      add("board", "Quarterly board meeting", [10, 0], 120, {
        attendees: [me, cofounder!.email, cfo!.email, ...this.investors.slice(0, 3).map((p) => p.email)],
        location: "Northwind Labs, 5th floor",
      });
    }

    // Customer calls and a weekly investor intro share the free slots.
    const free = [...slots];
    const take = (r: SeededRandom) => free.splice(r.int(free.length), 1)[0];
    if (plan.intro && dow === plan.introDay) {
      const fund = plan.introFund;
      const partner = this.investors.find((p) => p.email.endsWith(`@${fund}`));
      add("intro", `Intro call: ${companyOf(fund)}`, take(rng)!, 30, {
        attendees: [me, partner?.email ?? `partner@${fund}`],
        organizer_email: partner?.email ?? `partner@${fund}`,
        meeting_url: zoom(rng),
      });
    }
    const calls = rng.chance(0.25) ? 0 : rng.chance(0.6) ? 1 : 2;
    for (let i = 0; i < calls && free.length; i++) {
      const domain = rng.pick(CUSTOMER_DOMAINS);
      const contacts = this.customers.get(domain) ?? [];
      const guests = contacts.slice(0, 1 + rng.int(Math.max(1, Math.min(3, contacts.length))));
      const theirs = rng.chance(0.4);
      const roll = rng.next();
      const status: CalendarEvent["status"] = roll < 0.05 ? "cancelled" : roll < 0.15 ? "tentative" : "confirmed";
      add(`customer-${i}`, rng.pick(CUSTOMER_TITLES).replace("{c}", companyOf(domain)), take(rng)!, rng.pick([30, 45, 60]), {
        attendees: [me, rng.pick([sales1, sales2])!.email, ...guests.map((g) => g.email)],
        organizer_email: theirs && guests[0] ? guests[0].email : me,
        meeting_url: rng.chance(0.5) ? zoom(rng) : meet(rng),
        status,
        self_response: status === "tentative" ? "needs-action" : "accepted",
      });
    }
    // Invitations the user turned down stay on the calendar, marked declined.
    if (dow === 3 && plan.vendor) {
      const vendor = plan.vendorName;
      const email = `sales@${vendor.toLowerCase().replace(/[^a-z]/g, "")}.com`;
      add("vendor", `${vendor} product pitch`, [14, 30], 30, {
        attendees: [email, me],
        organizer_email: email,
        self_response: "declined",
        meeting_url: zoom(rng),
      });
    }

    if (dow === 5 && day.day + 7 > lastDayOfMonth(day)) allDay("offsite", "Company offsite");
    else if (plan.allDay && dow === plan.allDayDay) allDay("all-day", plan.allDayTitle);
    return events;
  }

  /** What happens once in a week (an investor intro, a vendor pitch, an all-day day), drawn in one fixed order. */
  private planWeek(week: number) {
    const r = createRandom(`${this.seed}:calendar-week:${week}`);
    return {
      intro: r.chance(0.6),
      introDay: 1 + r.int(5),
      introFund: r.pick(FUNDS),
      vendor: r.chance(0.5),
      vendorName: r.pick(VENDORS),
      allDay: r.chance(0.35),
      allDayDay: 1 + r.int(5),
      allDayTitle: r.pick(ALL_DAY),
    };
  }
}

function first(email: string): string {
  const name = email.split(/[.@]/)[0];
  return name!.charAt(0).toUpperCase() + name!.slice(1);
}

function code(rng: SeededRandom, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += "abcdefghijkmnopqrstuvwxyz".charAt(rng.int(25));
  return out;
}
