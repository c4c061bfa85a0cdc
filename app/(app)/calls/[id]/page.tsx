import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { CALL_STATUS_LABEL, CALL_STATUS_STYLE, CALL_TYPE_LABEL, CALL_TYPE_STYLE } from "@/components/calls/call-meta";
import {
  answeredByWords,
  carrierStatusWords,
  commandWords,
  describeCall,
  durationWords,
  parseTranscript,
  refreshEveryMs,
  SPEECH_ENGINE_WORDS,
  type CallSummaryTone,
} from "@/components/calls/call-words";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AppError } from "@/lib/errors";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getCall } from "@/lib/calls/get-call";
import { voiceOptionFor } from "@/lib/providers/speech/voices";
import type { CallDto } from "@/lib/schemas/calls";
import { CallActions } from "./call-actions";

export const metadata: Metadata = { title: "Call" };

/** The user's call with its attempts; another user's id (or nonsense) is Next's not-found page, as the API answers 404. */
async function loadCall(userId: string, id: string) {
  try {
    return await getCall(userId, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

const TONE_STYLE: Record<CallSummaryTone, string> = {
  live: "bg-indigo-50 text-indigo-900 ring-indigo-200",
  good: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  bad: "bg-rose-50 text-rose-900 ring-rose-200",
  muted: "bg-slate-100 text-slate-800 ring-slate-300",
};

const TH = "px-2 py-2 font-medium first:pl-5 last:pr-5";
const TD = "px-2 py-2 align-top first:pl-5 last:pr-5";

/** A table that may scroll sideways on a phone: a focusable region, so a keyboard can scroll it too. */
function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // A scrollable region must be reachable by keyboard (axe: scrollable-region-focusable).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div role="region" aria-label={label} tabIndex={0} className="-mx-5 overflow-x-auto focus-visible:outline-2 focus-visible:outline-indigo-600">
      {children}
    </div>
  );
}

function HeadRow({ columns }: { columns: string[] }) {
  return (
    <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col" className={TH}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-2 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd className="col-span-2 break-words text-slate-900">{children}</dd>
    </div>
  );
}

function carrierWords(call: CallDto, live: boolean): string {
  if (call.provider === "twilio") return "Twilio (a real phone line)";
  if (call.provider === "console") return "None: no phone line is configured on this server";
  return live ? "Chosen when the call is dialled" : "None: the call was not dialled";
}

function speechWords(call: CallDto, live: boolean): string {
  if (call.provider === "console" || call.outcome === "not-dialled") return "Nothing was spoken aloud: not dialled";
  if (call.speech_engine) return SPEECH_ENGINE_WORDS[call.speech_engine];
  return live ? "Chosen when the call is composed" : "—";
}

export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await getCurrentUser();
  const call = await loadCall(user.id, (await params).id);
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone: user.timezone, dateStyle: "medium", timeStyle: "medium" });
  const clock = new Intl.DateTimeFormat("en-US", { timeZone: user.timezone, hour: "numeric", minute: "2-digit" });
  const at = (iso: string | null) => (iso ? <time dateTime={iso}>{fmt.format(new Date(iso))}</time> : "—");
  const ms = (v: number | null) => (v == null ? "—" : `${v.toLocaleString("en-US")} ms`);
  const summary = describeCall(call, (iso) => clock.format(new Date(iso)));
  const transcript = parseTranscript(call.transcript);

  return (
    <>
      <Link href="/calls" className="mb-4 inline-block text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
        ← All calls
      </Link>
      <PageHeader
        title={`${CALL_TYPE_LABEL[call.call_type]} call`}
        description={
          <span suppressHydrationWarning>
            Asked for {fmt.format(new Date(call.scheduled_at))} ({user.timezone})
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
      <AutoRefresh active={summary.live} everyMs={refreshEveryMs([call]) ?? undefined} />
      <section aria-labelledby="call-state-title" className={`mb-6 rounded-xl px-5 py-4 ring-1 ring-inset ${TONE_STYLE[summary.tone]}`}>
        <h2 id="call-state-title" className="sr-only">
          Where this call stands
        </h2>
        <p role="status" aria-live="polite" className="flex items-center gap-2 text-base font-medium" data-testid="call-summary">
          {summary.live ? <span aria-hidden="true" className="inline-block h-2.5 w-2.5 shrink-0 animate-pulse rounded-full bg-indigo-600" /> : null}
          <span suppressHydrationWarning>{summary.sentence}</span>
        </p>
        {summary.live ? <p className="mt-1 text-xs">This page follows the call as it goes.</p> : null}
        <CallActions
          key={call.id}
          id={call.id}
          canCancel={call.status === "scheduled"}
          canRetry={call.status === "failed" && call.call_type !== "phone-confirmation"}
        />
      </section>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card title="What it was about" titleId="about-title">
            <p className="whitespace-pre-wrap break-words text-sm text-slate-800">{call.content_summary || "—"}</p>
          </Card>
          <Card title="Transcript" titleId="transcript-title">
            {transcript.length ? (
              <ol className="space-y-2 text-sm" data-testid="call-transcript">
                {transcript.map((line, i) =>
                  line.speaker ? (
                    <li key={i} className="break-words">
                      <span className={`font-semibold ${line.speaker === "PookAi" ? "text-indigo-800" : "text-slate-900"}`}>{line.speaker}</span>
                      {line.qualifier ? <span className="text-slate-600"> ({line.qualifier})</span> : null}: <span className="text-slate-800">{line.text}</span>
                    </li>
                  ) : (
                    <li key={i} className="break-words rounded-md bg-slate-50 px-3 py-2 italic text-slate-700">
                      {line.text}
                    </li>
                  ),
                )}
              </ol>
            ) : (
              <p className="text-sm text-slate-600">
                {summary.live ? "Nothing yet: what is said appears here as the call goes." : "Nothing was said on this call."}
              </p>
            )}
            {call.audio_url ? (
              <div className="mt-4">
                <h3 className="mb-2 text-sm font-medium text-slate-800">Audio</h3>
                {/* eslint-disable-next-line jsx-a11y/media-has-caption -- the transcript beside it is the call's text, line by line */}
                <audio controls preload="none" src={call.audio_url} className="w-full">
                  <a href={call.audio_url}>Download the audio</a>
                </audio>
              </div>
            ) : null}
          </Card>
          <Card title="Script" titleId="script-title">
            <p className="-mt-2 mb-3 text-xs text-slate-600">What PookAi composed for this call.</p>
            {call.script ? (
              <p className="whitespace-pre-wrap break-words text-sm leading-relaxed text-slate-800" data-testid="call-script">
                {call.script}
              </p>
            ) : (
              <p className="text-sm text-slate-600">The script is written when the call is placed.</p>
            )}
          </Card>
          <Card title="Keys pressed and words spoken" titleId="commands-title">
            {call.commands.length ? (
              <ScrollRegion label="Keys pressed and words spoken, table">
                <table className="w-full min-w-[32rem] text-left text-sm">
                  <caption className="sr-only">What you pressed or said during the call, and what PookAi did</caption>
                  <HeadRow columns={["At", "You", "PookAi", "What changed"]} />
                  <tbody className="divide-y divide-slate-100">
                    {call.commands.map((c, i) => (
                      <tr key={`${c.at}-${i}`}>
                        <td className={`${TD} whitespace-nowrap`}>{at(c.at)}</td>
                        <td className={TD}>{c.input}</td>
                        <td className={TD}>{commandWords(c.action)}</td>
                        <td className={`${TD} text-slate-700`}>
                          {c.changed && c.sender_id ? (
                            <Link href={`/senders/${c.sender_id}`} className="text-indigo-700 underline underline-offset-2">
                              {c.changed}
                            </Link>
                          ) : (
                            (c.changed ?? "—")
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            ) : (
              <p className="text-sm text-slate-600">No key was pressed and nothing was said.</p>
            )}
          </Card>
          <Card title="Attempts" titleId="attempts-title">
            {call.attempt_log.length ? (
              <ScrollRegion label="Attempts, table">
                <table className="w-full min-w-[36rem] text-left text-sm" data-testid="call-attempts">
                  <caption className="sr-only">Each time PookAi dialled this call</caption>
                  <HeadRow columns={["#", "Carrier status", "Who answered", "Duration", "Error"]} />
                  <tbody className="divide-y divide-slate-100">
                    {call.attempt_log.map((a) => (
                      <tr key={a.attempt}>
                        <td className={`${TD} tabular-nums`}>{a.attempt}</td>
                        <td className={TD}>
                          {carrierStatusWords(a.status, a.outcome)}
                          <span className="block text-xs text-slate-600">{at(a.dial_started_at)}</span>
                        </td>
                        <td className={TD}>{answeredByWords(a.answered_by)}</td>
                        <td className={`${TD} whitespace-nowrap tabular-nums`}>{durationWords(a.duration_seconds)}</td>
                        <td className={`${TD} break-words text-slate-700`}>{a.error ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            ) : (
              <p className="text-sm text-slate-600">Not dialled yet.</p>
            )}
          </Card>
        </div>
        <Card title="Details" titleId="details-title" className="h-fit min-w-0">
          <dl className="divide-y divide-slate-100">
            <Row label="Outcome">
              <span suppressHydrationWarning>{summary.headline}</span>
            </Row>
            <Row label="Who answered">{answeredByWords(call.answered_by)}</Row>
            <Row label="Duration">{durationWords(call.duration_seconds)}</Row>
            <Row label="Attempts">{call.attempts}</Row>
            {call.next_attempt_at ? <Row label="Next attempt">{at(call.next_attempt_at)}</Row> : null}
            <Row label="Started">{at(call.started_at)}</Row>
            <Row label="Finished">{at(call.completed_at)}</Row>
            <Row label="Phone line">{carrierWords(call, summary.live)}</Row>
            <Row label="Voice">{call.voice ? voiceOptionFor(call.voice).label : summary.live ? "Chosen when the call is composed" : "—"}</Row>
            <Row label="Speech">
              {speechWords(call, summary.live)}
              {call.speech_note ? <span className="mt-1 block text-xs text-slate-700">{call.speech_note}</span> : null}
            </Row>
            <Row label="Priority">{call.priority ?? "—"}</Row>
            <Row label="Script latency">{ms(call.llm_latency_ms)}</Row>
            <Row label="Speech latency">{ms(call.tts_latency_ms)}</Row>
            {call.error ? (
              <Row label={call.outcome === "not-dialled" ? "Why it was not dialled" : "Why it failed"}>
                <span className="text-rose-700">{call.error}</span>
              </Row>
            ) : null}
          </dl>
        </Card>
      </div>
    </>
  );
}
