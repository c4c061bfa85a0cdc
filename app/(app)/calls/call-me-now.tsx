"use client";

import Link from "next/link";
import { useState, useTransition, type SubmitEvent } from "react";
import { PhoneStateLine } from "@/components/calls/phone-state-line";
import { VoiceOptions } from "@/components/calls/voice-options";
import { phoneLineWords } from "@/components/calls/call-words";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import type { PhoneSetup } from "@/lib/phone-setup/get-phone-setup";
import { voiceOptionFor } from "@/lib/providers/speech/voices";
import { scheduleTestCallAction } from "./actions";
import { formText } from "@/components/ui/form-text";

const LINK = "font-medium underline underline-offset-2";

type Result = { ok: true; id: string; dials: boolean; phone: string | null } | { ok: false; error: string; settings: boolean };

/**
 * A test call on demand, through the real pipeline: the quickest way to hear PookAi, and the voice
 * preview (the voice picked here is saved as the user's voice). It says honestly what will happen:
 * a ring on the confirmed number, or — with no phone line — a call recorded with its script.
 */
export function CallMeNow({ setup, voice }: { setup: PhoneSetup; voice: string }) {
  const [pending, startTransition] = useTransition();
  const [picked, setPicked] = useState(voiceOptionFor(voice).id);
  const [result, setResult] = useState<Result>();

  function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const content = formText(new FormData(event.currentTarget), "content");
    startTransition(async () => {
      const r = await scheduleTestCallAction({ content, voice: picked }).catch(() => null);
      if (r?.ok) setResult({ ok: true, id: r.data.id, dials: setup.dials, phone: setup.phone_number });
      else setResult({ ok: false, error: r ? r.error : "PookAi could not be reached. Try again.", settings: r?.code === "CONFLICT" });
    });
  }

  const option = voiceOptionFor(picked);
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <PhoneStateLine setup={setup} />
      <Field id="test-call-content" label="What should PookAi say?">
        <textarea id="test-call-content" name="content" rows={2} maxLength={2000} defaultValue="This is a test call from PookAi." className={INPUT_CLASS} />
      </Field>
      <Field id="test-call-voice" label="Voice" hint={`${option.description} Saved as your calling voice.`}>
        <select
          id="test-call-voice"
          className={INPUT_CLASS}
          value={picked}
          onChange={(e) => setPicked(voiceOptionFor(e.target.value).id)}
          aria-describedby="test-call-voice-hint test-call-engine"
        >
          <VoiceOptions />
        </select>
      </Field>
      <p id="test-call-engine" className="text-xs text-slate-600">
        {phoneLineWords(setup)}
      </p>
      <Button type="submit" disabled={pending}>
        {pending ? "Placing the call…" : "Call me now"}
      </Button>
      {result ? (
        result.ok ? (
          <Alert tone={result.dials ? "success" : "info"}>
            {result.dials
              ? `Calling ${result.phone ?? "your number"} now.`
              : "No phone line is configured on this server, so nothing will ring: the call is recorded with its script."}{" "}
            <Link href={`/calls/${result.id}`} className={LINK}>
              Open the call
            </Link>
          </Alert>
        ) : (
          <Alert tone="error">
            {result.error}
            {result.settings ? (
              <>
                {" "}
                <Link href="/settings#phone-title" className={LINK}>
                  Go to Settings
                </Link>
              </>
            ) : null}
          </Alert>
        )
      ) : null}
    </form>
  );
}
