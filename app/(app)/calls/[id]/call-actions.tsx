"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cancelCallAction, retryCallAction } from "../actions";

type Message = { tone: "success" | "error"; text: string; link?: { href: string; label: string } };

const UNREACHABLE = "PookAi could not be reached. Try again.";

/** Cancel a call that has not started ringing; try a failed one again (a new call, linked). */
export function CallActions({ id, canCancel, canRetry }: { id: string; canCancel: boolean; canRetry: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<Message>();

  function cancel() {
    startTransition(async () => {
      const r = await cancelCallAction(id).catch(() => null);
      setMessage(r?.ok ? { tone: "success", text: "Cancelled: this call will not ring." } : { tone: "error", text: r ? r.error : UNREACHABLE });
      router.refresh();
    });
  }

  function retry() {
    startTransition(async () => {
      const r = await retryCallAction(id).catch(() => null);
      if (!r?.ok) {
        setMessage({ tone: "error", text: r ? r.error : UNREACHABLE });
        return;
      }
      setMessage({
        tone: "success",
        text: r.data.created ? "Trying again: a new call is on its way." : "This call was already tried again.",
        link: { href: `/calls/${r.data.id}`, label: "Open the new call" },
      });
    });
  }

  if (!canCancel && !canRetry && !message) return null;
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3">
      {canCancel ? (
        <Button variant="secondary" size="sm" disabled={pending} onClick={cancel}>
          {pending ? "Cancelling…" : "Cancel this call"}
        </Button>
      ) : null}
      {canRetry ? (
        <Button variant="secondary" size="sm" disabled={pending} onClick={retry}>
          {pending ? "Placing it again…" : "Try again"}
        </Button>
      ) : null}
      {message ? (
        <Alert tone={message.tone}>
          {message.text}
          {message.link ? (
            <>
              {" "}
              <Link href={message.link.href} className="font-medium underline underline-offset-2">
                {message.link.label}
              </Link>
            </>
          ) : null}
        </Alert>
      ) : null}
    </div>
  );
}
