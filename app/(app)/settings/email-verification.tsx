"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { resendVerificationAction } from "./actions";

export function EmailVerification({ email, verified }: { email: string; verified: boolean }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  if (verified) return <p className="mt-4 text-sm text-emerald-800">✓ {email} is verified.</p>;
  return (
    <div className="mt-4 flex flex-wrap items-center gap-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
      <span>Your email is not verified yet.</span>
      <Button
        variant="secondary"
        size="sm"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const r = await resendVerificationAction().catch(() => null);
            setMessage(r?.ok ? `A new link is on its way to ${r.data.email}.` : r ? r.error : "PookAi could not be reached.");
          })
        }
      >
        Send a new link
      </Button>
      {message ? <span role="status">{message}</span> : null}
    </div>
  );
}
