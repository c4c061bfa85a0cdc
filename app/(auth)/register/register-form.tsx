"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type SubmitEvent } from "react";
import { OAuthButtons } from "@/components/app-shell/oauth-buttons";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { registerAccountAction } from "./actions";
import { formText } from "@/components/ui/form-text";

type Errors = Record<string, string[]>;

export function RegisterForm({ providers }: { providers: { google: boolean; microsoft: boolean } }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: formText(form, "name"),
      email: formText(form, "email"),
      password: formText(form, "password"),
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
    setPending(true);
    setError(undefined);
    setFieldErrors({});
    const result = await registerAccountAction(input).catch(() => null);
    if (!result || !result.ok) {
      setPending(false);
      setError(result ? result.error : "Could not reach PookAi. Check your connection and try again.");
      setFieldErrors(result ? (result.fieldErrors ?? {}) : {});
      return;
    }
    const signedIn = await signIn("credentials", { email: result.data.email, password: input.password, redirect: false }).catch(() => undefined);
    if (!signedIn?.ok || signedIn.error) {
      // The account exists; only the automatic sign-in failed.
      router.replace("/login");
      return;
    }
    router.replace("/integrations?welcome=1");
    router.refresh();
  }

  const describedBy = (id: string) => (fieldErrors[id] ? `${id}-error` : undefined);

  return (
    <div className="space-y-4">
      <OAuthButtons providers={providers} callbackUrl="/integrations?welcome=1" />
      <form onSubmit={(event) => void onSubmit(event)} className="space-y-4" noValidate>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <Field id="name" label="Your name" errors={fieldErrors.name}>
          <input
            id="name"
            name="name"
            autoComplete="name"
            required
            aria-invalid={Boolean(fieldErrors.name)}
            aria-describedby={describedBy("name")}
            className={INPUT_CLASS}
          />
        </Field>
        <Field id="email" label="Email" errors={fieldErrors.email}>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={Boolean(fieldErrors.email)}
            aria-describedby={describedBy("email")}
            className={INPUT_CLASS}
          />
        </Field>
        <Field id="password" label="Password" hint="At least 8 characters." errors={fieldErrors.password}>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            aria-invalid={Boolean(fieldErrors.password)}
            aria-describedby={["password-hint", describedBy("password")].filter(Boolean).join(" ")}
            className={INPUT_CLASS}
          />
        </Field>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Creating your account…" : "Create account"}
        </Button>
        <p className="text-xs text-slate-600">We use your browser&apos;s time zone for your daily digest call; you can change it in Settings.</p>
      </form>
    </div>
  );
}
