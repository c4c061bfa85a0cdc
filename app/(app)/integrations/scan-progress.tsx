"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { getScanJobAction } from "./actions";

type Job = { status: "processing" | "completed" | "failed"; progress: number; processed: number; total: number | null; error: string | null };

const POLL_MS = 700;

/** The scan job's own progress, read from the server until it finishes; never an animation. */
export function ScanProgress({ jobId, label }: { jobId: string; label: string }) {
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      const result = await getScanJobAction(jobId).catch(() => null);
      if (stopped) return;
      if (!result?.ok) {
        setError(result ? result.error : "Lost contact with PookAi; retrying…");
        timer = setTimeout(() => void poll(), POLL_MS * 3);
        return;
      }
      setError(undefined);
      setJob(result.data);
      if (result.data.status === "processing") timer = setTimeout(() => void poll(), POLL_MS);
    }
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId]);

  const progress = job?.status === "completed" ? 100 : (job?.progress ?? 0);
  return (
    <div className="mt-4 space-y-2" data-testid="scan-progress">
      <div className="flex items-baseline justify-between text-sm">
        <span id={`scan-${jobId}-label`} className="font-medium text-slate-800">
          {job?.status === "completed" ? "Scan complete" : job?.status === "failed" ? "Scan failed" : `Scanning ${label}…`}
        </span>
        <span className="tabular-nums text-slate-700" data-testid="scan-percent">
          {progress}%
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={`scan-${jobId}-label`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress}
        aria-valuetext={job ? `${progress}%, ${job.processed.toLocaleString("en-US")} messages read` : "Starting"}
        className="h-2.5 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={`h-full rounded-full transition-[width] duration-500 ${job?.status === "failed" ? "bg-rose-500" : "bg-indigo-600"}`}
          style={{ width: `${progress}%` }}
        />
      </div>
      <p className="text-xs text-slate-600" aria-live="polite">
        {job ? `${job.processed.toLocaleString("en-US")}${job.total ? ` of about ${job.total.toLocaleString("en-US")}` : ""} messages read.` : "Starting…"}
        {error ? ` ${error}` : ""}
      </p>
      {job?.status === "failed" ? <p className="text-sm text-rose-700">{job.error ?? "The scan stopped."} Scanning again continues where it stopped.</p> : null}
      {job?.status === "completed" ? (
        <Link href="/senders" className={buttonClass("primary", "md")}>
          Triage your senders →
        </Link>
      ) : null}
    </div>
  );
}
