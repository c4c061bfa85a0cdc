import type { Metadata } from "next";
import Link from "next/link";
import { NextDigestLine } from "@/components/calls/next-digest-line";
import { CALL_STATUS_LABEL, CALL_STATUS_STYLE, CALL_TYPE_LABEL, CALL_TYPE_STYLE } from "@/components/calls/call-meta";
import { describeCall, durationWords, refreshEveryMs } from "@/components/calls/call-words";
import { Alert } from "@/components/ui/alert";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { INPUT_CLASS } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getNextDigest } from "@/lib/calls/get-next-digest";
import { listCalls } from "@/lib/calls/list-calls";
import { getPhoneSetup } from "@/lib/phone-setup/get-phone-setup";
import { getPreferences } from "@/lib/preferences/get-preferences";
import { CALL_STATUSES, CALL_TYPES } from "@/lib/schemas/enums";
import { listCallsQuerySchema } from "@/lib/schemas/calls";
import { CallMeNow } from "./call-me-now";

export const metadata: Metadata = { title: "Calls" };

const PAGE_SIZE = 25;
type SearchParams = Record<string, string | string[] | undefined>;

/** The filters the URL carries (empty fields dropped), as listCalls takes them. */
function readFilters(params: SearchParams) {
  const raw = Object.fromEntries(
    ["call_type", "status", "start_date", "end_date", "page"].flatMap((k) => {
      const v = params[k];
      return typeof v === "string" && v.trim() ? [[k, v.trim()]] : [];
    }),
  );
  return { raw, parsed: listCallsQuerySchema.safeParse({ ...raw, limit: PAGE_SIZE }) };
}

function pageHref(raw: Record<string, string>, page: number) {
  const params = new URLSearchParams({ ...raw, page: String(page) });
  return `/calls?${params}`;
}

export default async function CallsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user } = await getCurrentUser();
  const { raw, parsed } = readFilters(await searchParams);
  const [result, nextDigest, preferences] = await Promise.all([
    parsed.success ? listCalls(user.id, parsed.data) : null,
    getNextDigest(user),
    getPreferences(user.id),
  ]);
  const when = new Intl.DateTimeFormat("en-US", { timeZone: user.timezone, month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
  const clock = new Intl.DateTimeFormat("en-US", { timeZone: user.timezone, hour: "numeric", minute: "2-digit" });
  const time = (iso: string) => clock.format(new Date(iso));
  const refreshMs = refreshEveryMs(result?.calls ?? []);
  const filtered = Object.keys(raw).some((k) => k !== "page");

  return (
    <>
      <PageHeader title="Calls" description="Every call PookAi placed or is placing, what it said, and how it ended." />
      <AutoRefresh active={refreshMs !== null} everyMs={refreshMs ?? undefined} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title="History" titleId="history-title">
            <form action="/calls" className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-5 sm:items-end" aria-label="Filter calls">
              <div>
                <label htmlFor="call_type" className="block text-xs font-medium text-slate-700">
                  Type
                </label>
                <select id="call_type" name="call_type" defaultValue={raw.call_type ?? ""} className={`${INPUT_CLASS} mt-1`}>
                  <option value="">All types</option>
                  {CALL_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {CALL_TYPE_LABEL[t]}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="status" className="block text-xs font-medium text-slate-700">
                  Status
                </label>
                <select id="status" name="status" defaultValue={raw.status ?? ""} className={`${INPUT_CLASS} mt-1`}>
                  <option value="">Any status</option>
                  {CALL_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {CALL_STATUS_LABEL[s]}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="start_date" className="block text-xs font-medium text-slate-700">
                  From
                </label>
                <input id="start_date" name="start_date" type="date" defaultValue={raw.start_date ?? ""} className={`${INPUT_CLASS} mt-1`} />
              </div>
              <div>
                <label htmlFor="end_date" className="block text-xs font-medium text-slate-700">
                  To
                </label>
                <input id="end_date" name="end_date" type="date" defaultValue={raw.end_date ?? ""} className={`${INPUT_CLASS} mt-1`} />
              </div>
              <div className="col-span-2 flex gap-2 sm:col-span-1">
                <button type="submit" className={buttonClass("secondary", "md", "flex-1")}>
                  Filter
                </button>
                {filtered ? (
                  <Link href="/calls" className={buttonClass("ghost", "md")}>
                    Clear
                  </Link>
                ) : null}
              </div>
            </form>
            {!parsed.success ? (
              <Alert tone="error">{parsed.error.issues.map((i) => `${i.path.join(".") || "filters"}: ${i.message}`).join(". ")}</Alert>
            ) : result && result.calls.length ? (
              <>
                <div className="-mx-5 overflow-x-auto">
                  <table className="w-full min-w-[36rem] text-left text-sm">
                    <caption className="sr-only">Calls, newest first</caption>
                    <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
                      <tr>
                        <th scope="col" className="px-5 py-2 font-medium">
                          When
                        </th>
                        <th scope="col" className="px-2 py-2 font-medium">
                          Type
                        </th>
                        <th scope="col" className="px-2 py-2 font-medium">
                          Status
                        </th>
                        <th scope="col" className="px-2 py-2 font-medium">
                          About
                        </th>
                        <th scope="col" className="px-5 py-2 text-right font-medium">
                          Length
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100" data-testid="calls-table">
                      {result.calls.map((c) => (
                        <tr key={c.id} data-call-id={c.id} className="hover:bg-slate-50">
                          <td className="whitespace-nowrap px-5 py-3">
                            <Link href={`/calls/${c.id}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
                              <time dateTime={c.scheduled_at}>{when.format(new Date(c.scheduled_at))}</time>
                            </Link>
                          </td>
                          <td className="px-2 py-3">
                            <span className="flex flex-wrap gap-1">
                              <Badge className={CALL_TYPE_STYLE[c.call_type]} testId="call-type">
                                {CALL_TYPE_LABEL[c.call_type]}
                              </Badge>
                              {c.is_test ? <Badge className="bg-white text-slate-700 ring-slate-300">Test</Badge> : null}
                            </span>
                          </td>
                          <td className="px-2 py-3">
                            <Badge className={CALL_STATUS_STYLE[c.status]} testId="call-status">
                              {CALL_STATUS_LABEL[c.status]}
                            </Badge>
                            <span className="mt-1 block text-xs text-slate-600" data-testid="call-outcome">
                              {describeCall(c, time).headline}
                            </span>
                          </td>
                          <td className="max-w-[16rem] truncate px-2 py-3 text-slate-700" title={c.content_summary}>
                            {c.content_summary || "—"}
                          </td>
                          <td className="whitespace-nowrap px-5 py-3 text-right tabular-nums text-slate-700">{durationWords(c.duration_seconds)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {result.pagination.pages > 1 ? (
                  <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm text-slate-700">
                    <span>
                      Page {result.pagination.page} of {result.pagination.pages} · {result.total} calls
                    </span>
                    <span className="flex gap-2">
                      {result.pagination.page > 1 ? (
                        <Link href={pageHref(raw, result.pagination.page - 1)} className={buttonClass("secondary", "sm")}>
                          Previous
                        </Link>
                      ) : null}
                      {result.pagination.page < result.pagination.pages ? (
                        <Link href={pageHref(raw, result.pagination.page + 1)} className={buttonClass("secondary", "sm")}>
                          Next
                        </Link>
                      ) : null}
                    </span>
                  </nav>
                ) : null}
              </>
            ) : (
              <p className="py-8 text-center text-sm text-slate-600">{filtered ? "No calls match these filters." : "No calls yet. Try “Call me now”."}</p>
            )}
          </Card>
        </div>
        <div className="space-y-6">
          <Card title="Call me now" titleId="call-now-title">
            <CallMeNow setup={getPhoneSetup(user)} voice={preferences.voice_preference} />
          </Card>
          <Card title="Next daily digest" titleId="digest-title">
            <NextDigestLine digest={nextDigest} />
            {nextDigest.message_count ? <p className="mt-3 rounded-md bg-slate-50 p-3 text-sm text-slate-700">{nextDigest.content_preview}</p> : null}
            <Link href="/preferences" className="mt-3 inline-block text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
              Change the time
            </Link>
          </Card>
        </div>
      </div>
    </>
  );
}
