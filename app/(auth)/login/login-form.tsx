"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type SubmitEvent } from "react";
import { OAuthButtons } from "@/components/app-shell/oauth-buttons";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { formText } from "@/components/ui/form-text";

export function LoginForm({
  providers,
  callbackUrl,
  initialError,
}: {
  providers: { google: boolean; microsoft: boolean };
  callbackUrl: string;
  initialError?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", { email: formText(form, "email"), password: formText(form, "password"), redirect: false }).catch(
      () => undefined,
    );
    if (!result?.ok || result.error) {
      setPending(false);
      const limited = result?.error?.startsWith("RateLimited:") ? Number(result.error.split(":")[1]) : null;
      setError(
        result?.error === "CredentialsSignin"
          ? "Invalid email or password."
          : limited
            ? `Too many sign-in attempts. Try again in ${limited} seconds.`
            : "Could not sign in right now. Try again in a moment.",
      );
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <OAuthButtons providers={providers} callbackUrl={callbackUrl} />
      <form onSubmit={(event) => void onSubmit(event)} className="space-y-4" noValidate>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <Field id="email" label="Email">
          <input id="email" name="email" type="email" autoComplete="email" required className={INPUT_CLASS} />
        </Field>
        <Field id="password" label="Password">
          <input id="password" name="password" type="password" autoComplete="current-password" required className={INPUT_CLASS} />
        </Field>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
    </div>
  );
}
