import Link from "next/link";
import { CALL_TYPE_LABEL } from "@/components/calls/call-meta";
import { describeCall } from "@/components/calls/call-words";
import { NextDigestLine } from "@/components/calls/next-digest-line";
import { PhoneStateLine } from "@/components/calls/phone-state-line";
import { BarList } from "@/components/charts/bar-list";
import { ColumnChart } from "@/components/charts/column-chart";
import { RingGauge } from "@/components/charts/ring-gauge";
import { CATEGORY_META, SENDER_TYPE_LABEL } from "@/components/senders/category-meta";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ReminderCalls } from "./reminder-calls";
import { getCallAnalytics } from "@/lib/analytics/get-call-analytics";
import { AppError } from "@/lib/errors";
import { getSenderAnalytics } from "@/lib/analytics/get-sender-analytics";
import type { AuthUser } from "@/lib/auth/authenticate-request";
import { getUpcomingReminders } from "@/lib/calendar/get-upcoming-reminders";
import { getNextDigest } from "@/lib/calls/get-next-digest";
import { listCalls } from "@/lib/calls/list-calls";
import { getPhoneSetup, type PhoneSetup } from "@/lib/phone-setup/get-phone-setup";
import { getPreferences } from "@/lib/preferences/get-preferences";
import { listCallsQuerySchema } from "@/lib/schemas/calls";
import type { PreferencesDto } from "@/lib/schemas/preferences";

const CALL_SERIES = [
  { key: "urgent", label: "Urgent", className: "fill-rose-500" },
  { key: "digest", label: "Daily digest", className: "fill-amber-500" },
  { key: "meeting-reminder", label: "Meeting reminder", className: "fill-sky-500" },
];

const LINK = "font-medium text-indigo-700 underline-offset-2 hover:underline";

/** What happens when a "Call me" sender writes, as this server and this user's number stand. */
function UrgentCallsLine({ setup, preferences }: { setup: PhoneSetup; preferences: PreferencesDto }) {
  const quiet = preferences.quiet_hours_start !== preferences.quiet_hours_end && !preferences.urgent_calls_in_quiet_hours;
  switch (setup.phone_state) {
    case "not-needed":
      return (
        <>
          None right now. When a “Call me” sender writes, PookAi records an urgent call here with its script; no phone line is configured on this server, so
          nothing rings.
        </>
      );
    case "none":
      return (
        <>
          None right now. PookAi cannot ring you yet:{" "}
          <Link href="/settings#phone-title" className={LINK}>
            add your phone number
          </Link>
          .
        </>
      );
    case "unconfirmed":
      return (
        <>
          None right now. PookAi rings you only once you{" "}
          <Link href="/settings#phone-title" className={LINK}>
            confirm your number
          </Link>
          .
        </>
      );
    case "confirmed":
      return (
        <>
          None right now. When a “Call me” sender writes, PookAi calls {setup.phone_number}
          {quiet ? `, except in your quiet hours (${preferences.quiet_hours_start}–${preferences.quiet_hours_end}): then the call waits until they end` : ""}.
        </>
      );
  }
}

/** The signed-in home: what PookAi does next, then how calls and mail have been going. */
export async function Dashboard({ user }: { user: AuthUser }) {
  const setup = getPhoneSetup(user);
  const [calls, senders, nextDigest, upcoming, preferences, reminders] = await Promise.all([
    getCallAnalytics(user, { days: 30 }),
    getSenderAnalytics(user.id, { limit: 8 }),
    getNextDigest(user),
    listCalls(user.id, listCallsQuerySchema.parse({ status: "scheduled", limit: 5 })),
    getPreferences(user.id),
    // A calendar that cannot be read is said in the card; it must not take the whole page down.
    getUpcomingReminders(user, { days_ahead: 7 }).then(
      (plan) => ({ plan, error: undefined }),
      (error: unknown) => {
        if (error instanceof AppError) return { plan: null, error: error.message };
        throw error;
      },
    ),
  ]);
  const dayLabel = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  const when = new Intl.DateTimeFormat("en-US", { timeZone: user.timezone, weekday: "short", hour: "numeric", minute: "2-digit" });
  const clock = new Intl.DateTimeFormat("en-US", { timeZone: user.timezone, hour: "numeric", minute: "2-digit" });
  const points = calls.per_day.map((d) => ({
    label: dayLabel.format(new Date(`${d.date}T00:00:00Z`)),
    values: { urgent: d.urgent, digest: d.digest, "meeting-reminder": d["meeting-reminder"] },
  }));
  const busiest = calls.per_day.reduce((a, b) => (b.total > a!.total ? b : a), calls.per_day[0]);
  const firstName = user.name.split(" ")[0] || "there";

  return (
    <>
      <PageHeader title={`Hello, ${firstName}`} description="Here is what PookAi will do next, and how your inbox has been behaving." />

      {senders.totals.senders === 0 ? (
        <div className="mb-6 flex flex-wrap items-center justify-between gap-4 rounded-xl bg-indigo-600 px-5 py-4 text-white">
          <div>
            <p className="font-semibold">Connect a mailbox to get started</p>
            <p className="text-sm text-indigo-100">PookAi groups your mail by sender; you decide once per sender what it deserves.</p>
          </div>
          <Link href="/integrations" className={buttonClass("secondary", "md")}>
            Connect a mailbox
          </Link>
        </div>
      ) : senders.totals.unassigned > 0 ? (
        <div className="mb-6 flex flex-wrap items-center justify-between gap-4 rounded-xl bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200">
          <p className="text-sm text-slate-800">
            <strong className="font-semibold">{senders.totals.unassigned.toLocaleString("en-US")}</strong> sender
            {senders.totals.unassigned === 1 ? " is" : "s are"} waiting for a decision.
          </p>
          <Link href="/senders" className={buttonClass("primary", "md")}>
            Start triage
          </Link>
        </div>
      ) : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="Coming up" titleId="upcoming-title" className="lg:col-span-2">
          <div className="space-y-4">
            <div className="rounded-lg bg-amber-50 p-4 ring-1 ring-inset ring-amber-100">
              <NextDigestLine digest={nextDigest} />
              {nextDigest.message_count ? <p className="mt-2 line-clamp-3 text-sm text-slate-700">{nextDigest.content_preview}</p> : null}
            </div>
            <div>
              <h3 className="text-sm font-medium text-slate-800">Calls waiting to be placed</h3>
              <div className="mt-1">
                <PhoneStateLine setup={setup} />
              </div>
              {upcoming.calls.length ? (
                <ul className="mt-2 divide-y divide-slate-100 text-sm">
                  {upcoming.calls.map((c) => (
                    <li key={c.id} className="flex items-center justify-between gap-3 py-2">
                      <Link href={`/calls/${c.id}`} className="min-w-0 truncate text-indigo-700 underline-offset-2 hover:underline">
                        {CALL_TYPE_LABEL[c.call_type]}: {c.content_summary || "call"}
                      </Link>
                      <span className="shrink-0 text-right text-slate-600">
                        {describeCall(c, (iso) => clock.format(new Date(iso))).headline} ·{" "}
                        <time dateTime={c.scheduled_at}>{when.format(new Date(c.scheduled_at))}</time>
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2 text-sm text-slate-600" data-testid="urgent-calls-line">
                  <UrgentCallsLine setup={setup} preferences={preferences} />
                </p>
              )}
            </div>
          </div>
        </Card>

        <Card title="Last 30 days" titleId="kpi-title">
          <div className="flex items-center gap-4">
            <RingGauge value={calls.totals.success_rate} label="Call success rate" />
            <dl className="space-y-1 text-sm">
              <div>
                <dt className="inline text-slate-600">Calls: </dt>
                <dd className="inline font-semibold tabular-nums">{calls.totals.total}</dd>
              </div>
              <div>
                <dt className="inline text-slate-600">Reached you: </dt>
                <dd className="inline font-semibold tabular-nums">
                  {calls.totals.successful} of {calls.totals.completed + calls.totals.failed}
                </dd>
              </div>
              <div>
                <dt className="inline text-slate-600">Average length: </dt>
                <dd className="inline font-semibold tabular-nums">
                  {calls.totals.average_duration_seconds != null ? `${Math.round(calls.totals.average_duration_seconds)} s` : "—"}
                </dd>
              </div>
            </dl>
          </div>
        </Card>

        <Card title="Planned meeting reminders" titleId="reminder-calls-title" className="lg:col-span-3">
          <ReminderCalls plan={reminders.plan} error={reminders.error} timezone={user.timezone} />
        </Card>

        <Card title="Calls per day" titleId="calls-chart-title" className="lg:col-span-3">
          <ColumnChart
            title="Calls per day, last 30 days"
            summary={
              calls.totals.total
                ? `${calls.totals.total} calls in 30 days: ${calls.totals.urgent} urgent, ${calls.totals.digest} digests, ${calls.totals["meeting-reminder"]} meeting reminders. Busiest day ${busiest!.date} with ${busiest!.total}.`
                : "No calls in the last 30 days."
            }
            series={CALL_SERIES}
            points={points}
          />
        </Card>

        <Card title="Mail by category" titleId="volume-title">
          <BarList
            label="Emails per category"
            empty="No mail scanned yet."
            bars={senders.by_category
              .filter((c) => c.senders > 0)
              .map((c) => ({
                key: c.category,
                label: CATEGORY_META[c.category].label,
                sublabel: `${c.senders} sender${c.senders === 1 ? "" : "s"}`,
                value: c.emails,
                valueLabel: `${c.emails.toLocaleString("en-US")} emails`,
                className: CATEGORY_META[c.category].bar,
                href: `/senders?category=${c.category}`,
              }))}
          />
        </Card>

        <Card title="Top senders" titleId="top-title">
          <BarList
            label="Senders with the most mail"
            empty="No senders yet."
            bars={senders.top_senders.map((s) => ({
              key: s.id,
              label: s.name || s.email,
              sublabel: CATEGORY_META[s.category].label,
              value: s.email_count,
              valueLabel: s.email_count.toLocaleString("en-US"),
              className: CATEGORY_META[s.category].bar,
            }))}
          />
        </Card>

        <Card
          title="Unsubscribe candidates"
          titleId="unsub-title"
          action={
            <Link href="/senders?category=why-did-i-signup" className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
              Review
            </Link>
          }
        >
          <BarList
            label="Unsubscribe candidates by volume"
            empty="Nothing to unsubscribe from. Nice."
            bars={senders.unsubscribe_candidates.map((s) => ({
              key: s.id,
              label: s.name || s.email,
              sublabel: `${SENDER_TYPE_LABEL[s.sender_type]}${s.reason === "suggested" ? " · suggested" : ""}${s.unsubscribe.one_click ? " · one-click" : ""}`,
              value: s.email_count,
              valueLabel: s.email_count.toLocaleString("en-US"),
              className: "bg-violet-500",
            }))}
          />
        </Card>
      </div>
    </>
  );
}
