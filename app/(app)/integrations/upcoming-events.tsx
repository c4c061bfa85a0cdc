import { Alert } from "@/components/ui/alert";
import type { CalendarEventDto } from "@/lib/schemas/calendar";

type Props = {
  events: CalendarEventDto[];
  timezone: string;
  /** Set when no calendar could be read, or some could not (partial). */
  problem?: string;
  limit?: number;
};

/** The next meetings across the user's calendars, by day, in their own time zone. */
export function UpcomingEvents({ events, timezone, problem, limit = 10 }: Props) {
  const day = new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "long", month: "short", day: "numeric" });
  const time = new Intl.DateTimeFormat("en-US", { timeZone: timezone, hour: "numeric", minute: "2-digit" });
  // All-day dates carry no zone: show them as the date they are.
  const date = (e: CalendarEventDto) =>
    e.all_day
      ? new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "long", month: "short", day: "numeric" }).format(new Date(e.start))
      : day.format(new Date(e.start));
  const shown = events.filter((e) => e.status !== "cancelled").slice(0, limit);
  const groups = new Map<string, CalendarEventDto[]>();
  for (const e of shown) groups.set(date(e), [...(groups.get(date(e)) ?? []), e]);

  return (
    <section aria-labelledby="next-meetings-title" className="rounded-lg bg-slate-50 p-4 ring-1 ring-inset ring-slate-200">
      <h3 id="next-meetings-title" className="text-sm font-medium text-slate-800">
        Next meetings
      </h3>
      {problem ? (
        <Alert tone="error" className="mt-2">
          {problem}
        </Alert>
      ) : null}
      {shown.length ? (
        <div className="mt-2 space-y-3" data-testid="upcoming-events">
          {[...groups.entries()].map(([label, list]) => (
            <div key={label}>
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</p>
              <ul className="mt-1 divide-y divide-slate-200 text-sm">
                {list.map((e) => (
                  <li key={`${e.integration_id}:${e.provider_event_id}`} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 py-1.5">
                    <span className="min-w-0">
                      <span className="font-medium text-slate-900">{e.title}</span>
                      {e.status === "tentative" ? <span className="ml-2 text-xs text-slate-600">(tentative)</span> : null}
                      {e.self_response === "declined" ? <span className="ml-2 text-xs text-slate-600">(declined)</span> : null}
                      {e.meeting_url ? (
                        <a href={e.meeting_url} className="ml-2 text-xs text-indigo-700 underline underline-offset-2" target="_blank" rel="noreferrer noopener">
                          Join link<span className="sr-only"> for {e.title}</span>
                        </a>
                      ) : null}
                    </span>
                    <span className="shrink-0 text-slate-700 tabular-nums">
                      {e.all_day ? (
                        "All day"
                      ) : (
                        <>
                          <time dateTime={e.start}>{time.format(new Date(e.start))}</time>–<time dateTime={e.end}>{time.format(new Date(e.end))}</time>
                        </>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ) : problem ? null : (
        <p className="mt-1 text-sm text-slate-600">Nothing in the next week.</p>
      )}
    </section>
  );
}
