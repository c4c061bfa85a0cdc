"use client";

import { signOut } from "next-auth/react";
import { useState, useTransition, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { deleteAccountAction } from "./actions";

/** Two steps: open the form, then type the account's email; deletion signs out every session. */
export function DeleteAccount({ email }: { email: string }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    startTransition(async () => {
      const r = await deleteAccountAction(typed).catch(() => null);
      if (!r?.ok) {
        setError(r ? r.error : "PookAi could not be reached.");
        return;
      }
      await signOut({ callbackUrl: "/?deleted=1" });
    });
  }

  return (
    <div className="space-y-3 text-sm text-slate-700">
      <p>Your account is closed at once and every session ends. Your mail data, senders and call history are erased for good after the grace period.</p>
      {!open ? (
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete my account…
        </Button>
      ) : (
        <form onSubmit={onSubmit} className="max-w-md space-y-3 rounded-lg bg-rose-50 p-4 ring-1 ring-inset ring-rose-200">
          <Field
            id="confirmation"
            label={
              <>
                Type <strong className="font-semibold">{email}</strong> to confirm
              </>
            }
            errors={error ? [error] : undefined}
          >
            <input
              id="confirmation"
              autoComplete="off"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              className={INPUT_CLASS}
              aria-invalid={Boolean(error)}
              aria-describedby={error ? "confirmation-error" : undefined}
            />
          </Field>
          <div className="flex gap-2">
            <Button type="submit" variant="danger" disabled={pending || typed.trim().toLowerCase() !== email.toLowerCase()}>
              {pending ? "Deleting…" : "Delete account permanently"}
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setOpen(false);
                setTyped("");
                setError(undefined);
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
