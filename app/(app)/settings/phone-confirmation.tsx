"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type SubmitEvent } from "react";
import { PhoneStateLine } from "@/components/calls/phone-state-line";
import { Alert } from "@/components/ui/alert";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import type { PhoneSetup } from "@/lib/phone-setup/get-phone-setup";
import { confirmPhoneNumberAction, startPhoneConfirmationAction } from "./phone-actions";
import { formText } from "@/components/ui/form-text";

const UNREACHABLE = "PookAi could not be reached. Try again.";
const LINK = "font-medium underline underline-offset-2";

type Message = { tone: "success" | "error" | "info"; text: string; callId?: string };

/**
 * The number's confirmation: PookAi rings only a number its owner confirmed. A confirmation call reads
 * out a six-digit code (typed here, or 1 pressed on the call). With no phone line nothing is dialled,
 * so there is nothing to confirm, and the section says so.
 */
export function PhoneConfirmation({ setup, timezone }: { setup: PhoneSetup; timezone: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<Message>();
  const [codeErrors, setCodeErrors] = useState<string[]>();
  const [calling, setCalling] = useState(false);
  const state = setup.phone_state;
  // Once the number is confirmed (by the code, or 1 pressed on the call), the "calling" note is history.
  const shown = message && !(state === "confirmed" && message.callId) ? message : undefined;

  function call() {
    startTransition(async () => {
      const r = await startPhoneConfirmationAction().catch(() => null);
      if (r?.ok) {
        const until = new Date(r.data.expires_at).toLocaleTimeString("en-US", { timeZone: timezone, hour: "numeric", minute: "2-digit" });
        setCalling(true);
        setMessage({
          tone: "success",
          text: `Calling ${setup.phone_number} now. Type the code it reads out (valid until ${until}), or press 1 on the call.`,
          callId: r.data.call_id,
        });
      } else setMessage({ tone: "error", text: r ? r.error : UNREACHABLE });
    });
  }

  function confirm(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = formText(new FormData(event.currentTarget), "code");
    startTransition(async () => {
      const r = await confirmPhoneNumberAction(code).catch(() => null);
      if (r?.ok) {
        setCodeErrors(undefined);
        setCalling(false);
        setMessage({ tone: "success", text: `${r.data.phone_number} is confirmed: PookAi may call it.` });
        router.refresh();
      } else {
        setCodeErrors(r?.fieldErrors?.code);
        setMessage(r?.fieldErrors?.code ? undefined : { tone: "error", text: r ? r.error : UNREACHABLE });
      }
    });
  }

  return (
    <div className="space-y-4">
      <PhoneStateLine setup={setup} links={false} />
      {state === "not-needed" ? (
        <Alert tone="info">
          No phone line is configured on this server: calls are not dialled, so your number needs no confirmation. Each call is recorded in the app with its
          script.
        </Alert>
      ) : state === "none" ? (
        <p className="text-sm text-slate-700">Add your number in your profile. PookAi then calls it once to make sure it is yours before any other call.</p>
      ) : state === "confirmed" ? (
        <p className="text-sm text-slate-700">PookAi calls this number. Changing it in your profile asks for a new confirmation.</p>
      ) : (
        <>
          <p className="text-sm text-slate-700">
            PookAi only calls a number its owner confirmed. It calls {setup.phone_number} and reads out a six-digit code: type it below, or press 1 during the
            call.
          </p>
          <Button variant="secondary" disabled={pending} onClick={call}>
            {pending && !calling ? "Calling…" : "Call me to confirm"}
          </Button>
          <form onSubmit={confirm} noValidate className="flex flex-wrap items-end gap-3">
            <Field id="phone-code" label="Six-digit code" errors={codeErrors}>
              <input
                id="phone-code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                placeholder="123456"
                className={`${INPUT_CLASS} max-w-[9rem] tabular-nums tracking-widest`}
                aria-invalid={Boolean(codeErrors)}
                aria-describedby={codeErrors ? "phone-code-error" : undefined}
              />
            </Field>
            <Button type="submit" disabled={pending}>
              Confirm number
            </Button>
          </form>
          {/* A 1 pressed on the call confirms without the app: follow it while a confirmation call is under way. */}
          <AutoRefresh active={calling} />
        </>
      )}
      {shown ? (
        <Alert tone={shown.tone}>
          {shown.text}
          {shown.callId ? (
            <>
              {" "}
              <Link href={`/calls/${shown.callId}`} className={LINK}>
                Follow the call
              </Link>
            </>
          ) : null}
        </Alert>
      ) : null}
    </div>
  );
}
