"use client";

import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { INPUT_CLASS } from "@/components/ui/field";
import { scheduleTestCallAction } from "./actions";

/** A test call on demand: the quickest way to hear what PookAi sounds like. */
export function CallMeNow({ hasPhone }: { hasPhone: boolean }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: true; id: string } | { ok: false; error: string }>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const content = String(new FormData(event.currentTarget).get("content") ?? "");
    startTransition(async () => {
      const r = await scheduleTestCallAction(content).catch(() => null);
      setResult(r?.ok ? { ok: true, id: r.data.id } : { ok: false, error: r ? r.error : "PookAi could not be reached. Try again." });
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <label htmlFor="test-call-content" className="block text-sm font-medium text-slate-800">
        What should PookAi say?
      </label>
      <textarea id="test-call-content" name="content" rows={2} maxLength={2000} defaultValue="This is a test call from PookAi." className={INPUT_CLASS} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Scheduling…" : "Call me now"}
        </Button>
        {!hasPhone ? (
          <span className="text-xs text-slate-600">
            No phone number yet: the call is recorded in the log.{" "}
            <Link href="/settings" className="text-indigo-700 underline underline-offset-2">
              Add one
            </Link>
          </span>
        ) : null}
      </div>
      {result ? (
        result.ok ? (
          <Alert tone="success">
            Test call scheduled.{" "}
            <Link href={`/calls/${result.id}`} className="font-medium underline underline-offset-2">
              Follow it
            </Link>
          </Alert>
        ) : (
          <Alert tone="error">{result.error}</Alert>
        )
      ) : null}
    </form>
  );
}
