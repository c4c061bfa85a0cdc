import Link from "next/link";
import { FREQUENCY_LABELS, METHOD_LABELS, TIMING_LABELS } from "@/components/preferences/preference-labels";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import type { UpcomingRemindersDto } from "@/lib/schemas/calendar";

type Props = { plan: UpcomingRemindersDto | null; error?: string; timezone: string; limit?: number };

const LINK = "font-medium text-indigo-700 underline-offset-2 hover:underline";

/**
 * The meeting reminders PookAi has planned from the user's calendars: when, for which meeting, and why.
 * Reminder calls are planned here but not placed yet, and the card says so rather than promise a ring.
 */
export function ReminderCalls({ plan, error, timezone, limit = 6 }: Props) {
  const when = new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "short", hour: "numeric", minute: "2-digit" });
  const at = new Intl.DateTimeFormat("en-US", { timeZone: timezone, hour: "numeric", minute: "2-digit" });
  if (error) return <Alert tone="error">{error}</Alert>;
  if (!plan || plan.calendars.length === 0) {
    return (
      <p className="text-sm text-slate-700">
        No calendar connected yet.{" "}
        <Link href="/integrations#calendars-title" className={LINK}>
          Connect a calendar
        </Link>{" "}
        and PookAi plans reminders before the meetings that matter.
      </p>
    );
  }
  const { preferences: p } = plan;
  const shown = plan.reminders.slice(0, limit);
  return (
    <div className="space-y-3">
      {plan.partial ? <Alert tone="error">{plan.calendars.flatMap((c) => (c.error ? [c.error] : [])).join(" ")}</Alert> : null}
      {shown.length ? (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="reminder-calls">
          {shown.map((r) => (
            <li
              key={`${r.channel}:${r.event.integration_id}:${r.event.provider_event_id}`}
              className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-2"
            >
              <div className="min-w-0">
                <p className="font-medium text-slate-900">{r.event.title}</p>
                <p className="text-slate-600">
                  Meeting at <time dateTime={r.event.start}>{when.format(new Date(r.event.start))}</time>
                  {r.external ? <Badge className="ml-2 bg-sky-50 text-sky-800 ring-sky-200">External</Badge> : null}
                  {r.investor ? <Badge className="ml-2 bg-violet-50 text-violet-800 ring-violet-200">Investor</Badge> : null}
                </p>
              </div>
              <p className="shrink-0 text-slate-800">
                {r.channel === "digest" ? (
                  <>
                    In the digest at <time dateTime={r.remind_at}>{when.format(new Date(r.remind_at))}</time>
                  </>
                ) : r.late ? (
                  "Reminder planned as soon as possible"
                ) : (
                  <>
                    Reminder planned for <time dateTime={r.remind_at}>{at.format(new Date(r.remind_at))}</time>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-700">No meeting in the next 7 days needs a reminder with your current settings.</p>
      )}
      <p className="text-xs text-slate-600">Meeting reminder calls are planned but not placed yet: for now PookAi does not ring you for them.</p>
      <p className="text-xs text-slate-600">
        {METHOD_LABELS[p.meeting_reminder_method]} · {TIMING_LABELS[p.meeting_reminder_timing].toLowerCase()} ·{" "}
        {FREQUENCY_LABELS[p.meeting_reminder_frequency].toLowerCase()} ({p.timezone}).{" "}
        <Link href="/preferences" className={LINK}>
          Change reminder settings
        </Link>
        {plan.reminders.length > shown.length ? ` · ${plan.reminders.length - shown.length} more this week` : ""}
      </p>
    </div>
  );
}
