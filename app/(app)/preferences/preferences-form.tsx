"use client";

import Link from "next/link";
import { useState, useTransition, type SubmitEvent } from "react";
import type { z } from "zod";
import { phoneLineWords } from "@/components/calls/call-words";
import { NextDigestLine } from "@/components/calls/next-digest-line";
import { VoiceOptions } from "@/components/calls/voice-options";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { zodDetails } from "@/lib/errors";
import type { PhoneSetup } from "@/lib/phone-setup/get-phone-setup";
import { voiceOptionFor } from "@/lib/providers/speech/voices";
import type { nextDigestSchema } from "@/lib/schemas/calls";
import { PREFERENCE_FIELDS, updatePreferencesBodySchema, type PreferenceFields, type PreferencesDto } from "@/lib/schemas/preferences";
import { resetPreferencesAction, updatePreferencesAction } from "./actions";
import { CALL_TRIGGERS, DIGEST_TOPICS, FREQUENCY_LABELS, METHOD_LABELS, TIMING_LABELS } from "@/components/preferences/preference-labels";

type NextDigest = z.infer<typeof nextDigestSchema>;
type Errors = Record<string, string[]>;

const pick = (p: PreferencesDto): PreferenceFields => Object.fromEntries(PREFERENCE_FIELDS.map((f) => [f, p[f]])) as PreferenceFields;

const QUIET_HOURS_TOGGLE = [
  {
    field: "urgent_calls_in_quiet_hours" as const,
    label: "Let urgent calls from mail ring during quiet hours",
    hint: "Urgent calls from mail wait until quiet hours end unless you allow them; a call you ask for yourself rings at once.",
  },
];

export function PreferencesForm({
  initial,
  initialNextDigest,
  timezone,
  phoneLine,
}: {
  initial: PreferencesDto;
  initialNextDigest: NextDigest;
  timezone: string;
  phoneLine: Pick<PhoneSetup, "dials" | "speech_engine">;
}) {
  const [saved, setSaved] = useState<PreferenceFields>(() => pick(initial));
  const [values, setValues] = useState<PreferenceFields>(() => pick(initial));
  const [nextDigest, setNextDigest] = useState(initialNextDigest);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string }>();
  const [pending, startTransition] = useTransition();

  const patch = Object.fromEntries(PREFERENCE_FIELDS.filter((f) => values[f] !== saved[f]).map((f) => [f, values[f]])) as Partial<PreferenceFields>;
  const dirty = Object.keys(patch).length > 0;

  function set<K extends keyof PreferenceFields>(field: K, value: PreferenceFields[K]) {
    setValues((v) => ({ ...v, [field]: value }));
    setMessage(undefined);
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  }

  function apply(result: Awaited<ReturnType<typeof updatePreferencesAction>>, success: string) {
    if (!result.ok) {
      setErrors(result.fieldErrors ?? {});
      setMessage({ tone: "error", text: result.fieldErrors ? "Some values need fixing; see the highlighted fields." : result.error });
      return;
    }
    const fresh = pick(result.data.preferences);
    setSaved(fresh);
    setValues(fresh);
    setNextDigest(result.data.nextDigest);
    setErrors({});
    setMessage({ tone: "success", text: success });
  }

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    // The same schema the server enforces, so a bad value is flagged before any round trip.
    const parsed = updatePreferencesBodySchema.safeParse(patch);
    if (!parsed.success) {
      setErrors(zodDetails(parsed.error));
      setMessage({ tone: "error", text: "Some values need fixing; see the highlighted fields." });
      return;
    }
    startTransition(async () => {
      const result = await updatePreferencesAction(parsed.data).catch(() => null);
      apply(result ?? { ok: false, code: "INTERNAL_ERROR", error: "PookAi could not be reached. Try again." }, "Preferences saved.");
    });
  }

  function onReset() {
    startTransition(async () => {
      const result = await resetPreferencesAction().catch(() => null);
      apply(
        result ?? { ok: false, code: "INTERNAL_ERROR", error: "PookAi could not be reached. Try again." },
        "Reset to smart defaults based on the mail PookAi has seen.",
      );
    });
  }

  const invalid = (f: string) => (errors[f] ? { "aria-invalid": true, "aria-describedby": `${f}-error` } : {});

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <div className="rounded-xl bg-indigo-50 px-4 py-3 ring-1 ring-indigo-100">
        <NextDigestLine digest={nextDigest} />
      </div>

      <Card title="Call me immediately for…" titleId="triggers-title">
        <p className="-mt-2 mb-4 text-sm text-slate-600">Even when the sender is not in “Call me”, PookAi rings you when a message is about:</p>
        <fieldset>
          <legend className="sr-only">Call me immediately for</legend>
          <Toggles items={CALL_TRIGGERS} values={values} onChange={set} />
        </fieldset>
      </Card>

      <Card title="Digest" titleId="digest-title">
        <p className="-mt-2 mb-4 text-sm text-slate-600">Besides your “Remind me” senders, your daily digest call mentions:</p>
        <fieldset>
          <legend className="sr-only">Digest topics</legend>
          <Toggles items={DIGEST_TOPICS} values={values} onChange={set} />
        </fieldset>
      </Card>

      <Card title="Meeting reminders" titleId="meetings-title">
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id="meeting_reminder_timing" label="When" errors={errors.meeting_reminder_timing}>
            <select
              id="meeting_reminder_timing"
              className={INPUT_CLASS}
              value={values.meeting_reminder_timing}
              onChange={(e) => set("meeting_reminder_timing", e.target.value as PreferenceFields["meeting_reminder_timing"])}
              {...invalid("meeting_reminder_timing")}
            >
              {Object.entries(TIMING_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
          <Field id="meeting_reminder_frequency" label="For which meetings" errors={errors.meeting_reminder_frequency}>
            <select
              id="meeting_reminder_frequency"
              className={INPUT_CLASS}
              value={values.meeting_reminder_frequency}
              onChange={(e) => set("meeting_reminder_frequency", e.target.value as PreferenceFields["meeting_reminder_frequency"])}
              {...invalid("meeting_reminder_frequency")}
            >
              {Object.entries(FREQUENCY_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
          <Field id="meeting_reminder_method" label="How" errors={errors.meeting_reminder_method}>
            <select
              id="meeting_reminder_method"
              className={INPUT_CLASS}
              value={values.meeting_reminder_method}
              onChange={(e) => set("meeting_reminder_method", e.target.value as PreferenceFields["meeting_reminder_method"])}
              {...invalid("meeting_reminder_method")}
            >
              {Object.entries(METHOD_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </Card>

      <Card title="Call settings" titleId="call-settings-title">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="preferred_call_time"
            label="Daily digest call at"
            hint={
              <>
                24-hour time in your time zone, <strong className="font-medium">{timezone}</strong> (
                <Link href="/settings" className="text-indigo-700 underline underline-offset-2">
                  change
                </Link>
                ).
              </>
            }
            errors={errors.preferred_call_time}
          >
            <input
              id="preferred_call_time"
              inputMode="numeric"
              autoComplete="off"
              placeholder="08:30"
              maxLength={5}
              className={`${INPUT_CLASS} max-w-[8rem] tabular-nums`}
              value={values.preferred_call_time}
              onChange={(e) => set("preferred_call_time", e.target.value.trim())}
              aria-invalid={Boolean(errors.preferred_call_time)}
              aria-describedby={["preferred_call_time-hint", errors.preferred_call_time ? "preferred_call_time-error" : ""].filter(Boolean).join(" ")}
            />
          </Field>
          <Field
            id="voice_preference"
            label="Voice"
            hint={
              <>
                {voiceOptionFor(values.voice_preference).description} {phoneLineWords(phoneLine)} Hear it with{" "}
                <Link href="/calls" className="text-indigo-700 underline underline-offset-2">
                  Call me now
                </Link>
                .
              </>
            }
            errors={errors.voice_preference}
          >
            <select
              id="voice_preference"
              className={INPUT_CLASS}
              value={values.voice_preference}
              onChange={(e) => set("voice_preference", e.target.value as PreferenceFields["voice_preference"])}
              aria-invalid={Boolean(errors.voice_preference)}
              aria-describedby={["voice_preference-hint", errors.voice_preference ? "voice_preference-error" : ""].filter(Boolean).join(" ")}
            >
              <VoiceOptions />
            </select>
          </Field>
        </div>
      </Card>

      <Card title="Quiet hours" titleId="quiet-title">
        <p className="-mt-2 mb-4 text-sm text-slate-600">
          Local times in <strong className="font-medium">{timezone}</strong>; the window may run past midnight. The same start and end means no quiet hours.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          {(
            [
              ["quiet_hours_start", "Quiet from", "21:00"],
              ["quiet_hours_end", "Quiet until", "08:00"],
            ] as const
          ).map(([field, label, placeholder]) => (
            <Field key={field} id={field} label={label} hint="24-hour time, HH:MM." errors={errors[field]}>
              <input
                id={field}
                inputMode="numeric"
                autoComplete="off"
                placeholder={placeholder}
                maxLength={5}
                className={`${INPUT_CLASS} max-w-[8rem] tabular-nums`}
                value={values[field]}
                onChange={(e) => set(field, e.target.value.trim())}
                aria-invalid={Boolean(errors[field])}
                aria-describedby={[`${field}-hint`, errors[field] ? `${field}-error` : ""].filter(Boolean).join(" ")}
              />
            </Field>
          ))}
        </div>
        <fieldset className="mt-4">
          <legend className="sr-only">Urgent calls during quiet hours</legend>
          <Toggles items={QUIET_HOURS_TOGGLE} values={values} onChange={set} />
        </fieldset>
      </Card>

      <div className="sticky bottom-0 -mx-4 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/95 px-4 py-3 backdrop-blur sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:px-0">
        <Button type="submit" disabled={pending || !dirty}>
          {pending ? "Saving…" : "Save changes"}
        </Button>
        <Button variant="secondary" disabled={pending || dirty} onClick={onReset} title={dirty ? "Save or undo your changes first" : undefined}>
          Reset to smart defaults
        </Button>
        {dirty ? (
          <Button
            variant="ghost"
            disabled={pending}
            onClick={() => {
              setValues(saved);
              setErrors({});
              setMessage(undefined);
            }}
          >
            Undo changes
          </Button>
        ) : null}
        {message ? (
          <Alert tone={message.tone} className="w-full sm:w-auto">
            {message.text}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}

function Toggles({
  items,
  values,
  onChange,
}: {
  items: { field: keyof PreferenceFields; label: string; hint: string }[];
  values: PreferenceFields;
  onChange: (f: keyof PreferenceFields, v: boolean) => void;
}) {
  return (
    <ul className="divide-y divide-slate-100">
      {items.map((item) => (
        <li key={item.field} className="flex items-start justify-between gap-4 py-3 first:pt-0 last:pb-0">
          <label htmlFor={item.field} className="min-w-0 cursor-pointer">
            <span className="block text-sm font-medium text-slate-900">{item.label}</span>
            <span className="block text-sm text-slate-600">{item.hint}</span>
          </label>
          <input
            id={item.field}
            type="checkbox"
            role="switch"
            checked={Boolean(values[item.field])}
            onChange={(e) => onChange(item.field, e.target.checked)}
            className="peer mt-1 h-5 w-9 shrink-0 cursor-pointer appearance-none rounded-full bg-slate-300 transition-colors before:block before:h-4 before:w-4 before:translate-x-0.5 before:translate-y-0.5 before:rounded-full before:bg-white before:shadow before:transition-transform checked:bg-indigo-600 checked:before:translate-x-[1.125rem]"
          />
        </li>
      ))}
    </ul>
  );
}
