import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { CALL_STATUS_LABEL, CALL_STATUS_STYLE, CALL_TYPE_LABEL, CALL_TYPE_STYLE } from "@/components/calls/call-meta";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AppError } from "@/lib/api/errors";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getCallOrThrow } from "@/lib/calls/get-call-or-throw";
import { serializeCall } from "@/lib/calls/serialize-call";

export const metadata: Metadata = { title: "Call" };

/** The user's call; another user's id (or nonsense) is Next's not-found page, as the API answers 404. */
async function loadCall(userId: string, id: string) {
  try {
    return serializeCall(await getCallOrThrow(userId, id));
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-2 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd className="col-span-2 text-slate-900">{children}</dd>
    </div>
  );
}

export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await getCurrentUser();
  const call = await loadCall(user.id, (await params).id);
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone: user.timezone, dateStyle: "medium", timeStyle: "medium" });
  const at = (iso: string | null) => (iso ? <time dateTime={iso}>{fmt.format(new Date(iso))}</time> : "—");
  const ms = (v: number | null) => (v == null ? "—" : `${v.toLocaleString("en-US")} ms`);

  return (
    <>
      <Link href="/calls" className="mb-4 inline-block text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
        ← All calls
      </Link>
      <PageHeader
        title={`${CALL_TYPE_LABEL[call.call_type]} call`}
        description={
          <span suppressHydrationWarning>
            Scheduled for {fmt.format(new Date(call.scheduled_at))} ({user.timezone})
          </span>
        }
        actions={
          <>
            <Badge className={CALL_TYPE_STYLE[call.call_type]}>{CALL_TYPE_LABEL[call.call_type]}</Badge>
            <Badge className={CALL_STATUS_STYLE[call.status]} testId="call-status">
              {CALL_STATUS_LABEL[call.status]}
            </Badge>
            {call.is_test ? <Badge className="bg-white text-slate-700 ring-slate-300">Test call</Badge> : null}
          </>
        }
      />
      <AutoRefresh active={call.status === "scheduled" || call.status === "in-progress"} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title="What it was about" titleId="about-title">
            <p className="whitespace-pre-wrap text-sm text-slate-800">{call.content_summary || "—"}</p>
          </Card>
          <Card title="Script" titleId="script-title">
            {call.script ? (
              <p className="whitespace-pre-wrap text-sm leading-relaxed text-slate-800">{call.script}</p>
            ) : (
              <p className="text-sm text-slate-600">The script is written when the call is placed.</p>
            )}
            {call.audio_url ? (
              <div className="mt-4">
                <h3 className="mb-2 text-sm font-medium text-slate-800">Recording</h3>
                <audio controls preload="none" src={call.audio_url} className="w-full">
                  <a href={call.audio_url}>Download the audio</a>
                </audio>
              </div>
            ) : null}
          </Card>
          {call.transcript ? (
            <Card title="Transcript" titleId="transcript-title">
              <p className="whitespace-pre-wrap text-sm text-slate-800">{call.transcript}</p>
            </Card>
          ) : null}
          <Card title="What you said during the call" titleId="commands-title">
            {call.commands.length ? (
              <div className="-mx-5 overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
                    <tr>
                      <th scope="col" className="px-5 py-2 font-medium">
                        At
                      </th>
                      <th scope="col" className="px-2 py-2 font-medium">
                        You said
                      </th>
                      <th scope="col" className="px-5 py-2 font-medium">
                        PookAi did
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {call.commands.map((c, i) => (
                      <tr key={`${c.at}-${i}`}>
                        <td className="whitespace-nowrap px-5 py-2">{at(c.at)}</td>
                        <td className="px-2 py-2">{c.input}</td>
                        <td className="px-5 py-2">{c.action}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="text-sm text-slate-600">No commands were received.</p>
            )}
          </Card>
        </div>
        <Card title="Details" titleId="details-title" className="h-fit">
          <dl className="divide-y divide-slate-100">
            <Row label="Status">
              {CALL_STATUS_LABEL[call.status]}
              {call.success === false ? " (not successful)" : call.success ? " (successful)" : ""}
            </Row>
            <Row label="Priority">{call.priority ?? "—"}</Row>
            <Row label="Scheduled">{at(call.scheduled_at)}</Row>
            <Row label="Started">{at(call.started_at)}</Row>
            <Row label="Finished">{at(call.completed_at)}</Row>
            <Row label="Duration">{call.duration_seconds != null ? `${call.duration_seconds} s` : "—"}</Row>
            <Row label="Attempts">{call.attempts}</Row>
            <Row label="Placed through">{call.provider ?? "—"}</Row>
            <Row label="Script latency">{ms(call.llm_latency_ms)}</Row>
            <Row label="Speech latency">{ms(call.tts_latency_ms)}</Row>
            {call.error ? (
              <Row label="Error">
                <span className="text-rose-700">{call.error}</span>
              </Row>
            ) : null}
          </dl>
        </Card>
      </div>
    </>
  );
}
