"use client";

import { useState, useTransition, type SubmitEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { updateProfileAction } from "./actions";
import { formText } from "@/components/ui/form-text";

type Profile = { name: string; email: string; timezone: string; phone_number: string | null };

export function ProfileForm({ user, timeZones }: { user: Profile; timeZones: string[] }) {
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string }>();

  function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await updateProfileAction({
        name: formText(form, "name"),
        timezone: formText(form, "timezone"),
        phone_number: formText(form, "phone_number"),
      }).catch(() => null);
      if (result?.ok) {
        setErrors({});
        setMessage({ tone: "success", text: "Profile saved." });
      } else {
        setErrors(result ? (result.fieldErrors ?? {}) : {});
        setMessage({ tone: "error", text: result ? result.error : "PookAi could not be reached. Try again." });
      }
    });
  }

  const aria = (id: string, hint = false) => ({
    "aria-invalid": Boolean(errors[id]),
    "aria-describedby": [hint ? `${id}-hint` : "", errors[id] ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined,
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <p className="text-sm text-slate-700">
        Signed in as <strong className="font-medium">{user.email}</strong>
      </p>
      <Field id="name" label="Name" errors={errors.name}>
        <input id="name" name="name" defaultValue={user.name} autoComplete="name" className={INPUT_CLASS} {...aria("name")} />
      </Field>
      <Field id="timezone" label="Time zone" hint="Your digest call and every date in PookAi use it." errors={errors.timezone}>
        <select id="timezone" name="timezone" defaultValue={user.timezone} className={INPUT_CLASS} {...aria("timezone", true)}>
          {timeZones.map((tz) => (
            <option key={tz} value={tz}>
              {tz.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="phone_number"
        label="Phone number"
        hint="International format, e.g. +14155550123. PookAi calls this number once you have confirmed it (see Phone)."
        errors={errors.phone_number}
      >
        <input
          id="phone_number"
          name="phone_number"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder="+14155550123"
          defaultValue={user.phone_number ?? ""}
          className={INPUT_CLASS}
          {...aria("phone_number", true)}
        />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save profile"}
        </Button>
        {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      </div>
    </form>
  );
}
