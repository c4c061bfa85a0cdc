"use client";

import { CATEGORY_META } from "@/components/senders/category-meta";
import type { SenderCategory } from "@/lib/schemas/enums";
import type { SenderDto } from "@/lib/schemas/senders";

export type UnsubscribeState = { status: "pending" | "succeeded" | "manual" | "failed"; url?: string | null; error?: string };

const LINK = "rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset";

/** Unsubscribe (for "Why did I sign up?" senders) and "apply to the whole domain" (any decided sender). */
export function SenderRowActions({
  sender,
  category,
  unsubscribe,
  onUnsubscribe,
  onDomainRule,
}: {
  sender: SenderDto;
  category: SenderCategory;
  unsubscribe?: UnsubscribeState;
  onUnsubscribe: (sender: SenderDto) => void;
  onDomainRule: (sender: SenderDto, category: SenderCategory) => void;
}) {
  const status = unsubscribe?.status ?? (sender.unsubscribe.status === "succeeded" ? "succeeded" : undefined);
  return (
    <>
      {category === "why-did-i-signup" ? (
        status === "succeeded" ? (
          <span className={`${LINK} bg-emerald-50 text-emerald-800 ring-emerald-200`}>Unsubscribed</span>
        ) : status === "manual" && unsubscribe?.url ? (
          <a
            href={unsubscribe.url}
            target="_blank"
            rel="noopener noreferrer"
            className={`${LINK} bg-white text-violet-800 ring-violet-300 underline-offset-2 hover:underline`}
          >
            Finish unsubscribing ↗
          </a>
        ) : sender.unsubscribe.available ? (
          <button
            type="button"
            disabled={status === "pending"}
            onClick={(e) => {
              e.stopPropagation();
              onUnsubscribe(sender);
            }}
            title={sender.unsubscribe.one_click ? "One-click unsubscribe (u)" : "Opens the sender's unsubscribe page (u)"}
            className={`${LINK} bg-violet-600 text-white ring-violet-600 hover:bg-violet-700 disabled:opacity-60`}
          >
            {status === "pending" ? "Unsubscribing…" : status === "failed" ? "Retry unsubscribe" : "Unsubscribe"}
          </button>
        ) : (
          <span className="text-xs text-slate-600">No unsubscribe link in its mail</span>
        )
      ) : null}
      {category !== "unassigned" ? (
        <button
          type="button"
          onClick={(e) => {
            e.stopPropagation();
            onDomainRule(sender, category);
          }}
          title={`Every sender at ${sender.domain} you have not decided on goes to ${CATEGORY_META[category].label} (d)`}
          className={`${LINK} bg-white text-slate-700 ring-slate-200 hover:bg-slate-50`}
        >
          Apply to all of {sender.domain}
        </button>
      ) : null}
      {unsubscribe?.error ? <span className="basis-full text-xs text-rose-700">{unsubscribe.error}</span> : null}
    </>
  );
}
