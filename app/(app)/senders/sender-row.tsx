"use client";

import Link from "next/link";
import { memo } from "react";
import { CATEGORY_META, CATEGORY_ORDER, SENDER_TYPE_LABEL } from "@/components/senders/category-meta";
import type { SenderCategory } from "@/lib/schemas/enums";
import type { SenderDto } from "@/lib/schemas/senders";
import { SenderRowActions, type UnsubscribeState } from "./sender-row-actions";

type Props = {
  sender: SenderDto;
  category: SenderCategory;
  active: boolean;
  selected: boolean;
  dateFormat: Intl.DateTimeFormat;
  onActivate: (id: string) => void;
  onToggleSelect: (id: string) => void;
  onAssign: (ids: string[], category: SenderCategory) => void;
  unsubscribe?: UnsubscribeState;
  onUnsubscribe: (sender: SenderDto) => void;
  onDomainRule: (sender: SenderDto, category: SenderCategory) => void;
};

/** One sender: who, how much mail, what the latest one said (never for a private sender), and the six choices. */
export const SenderRow = memo(function SenderRow({
  sender,
  category,
  active,
  selected,
  dateFormat,
  onActivate,
  onToggleSelect,
  onAssign,
  unsubscribe,
  onUnsubscribe,
  onDomainRule,
}: Props) {
  const isPrivate = category === "dont-tell-anyone";
  const displayName = sender.name || sender.email;
  const suggestion = category === "unassigned" ? sender.suggested_category : null;
  return (
    // The row is the list's cursor (j/k, roving tabindex): the page's key handler acts on the focused row, so the row
    // itself takes focus and a click moves the cursor; its actions are the real buttons inside it.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions, jsx-a11y/click-events-have-key-events
    <li
      id={`sender-${sender.id}`}
      data-sender-id={sender.id}
      data-category={category}
      data-active={active ? "true" : undefined}
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={active ? 0 : -1}
      onClick={() => onActivate(sender.id)}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onActivate(sender.id);
      }}
      className={`group relative px-4 py-3 outline-none transition-colors ${active ? "bg-indigo-50/60 shadow-[inset_3px_0_0_0_var(--color-indigo-600)]" : "hover:bg-slate-50"} focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-600`}
    >
      <div className="flex items-start gap-3">
        <input
          type="checkbox"
          checked={selected}
          onChange={() => onToggleSelect(sender.id)}
          onClick={(e) => e.stopPropagation()}
          aria-label={`Select ${displayName}`}
          className="mt-1 h-4 w-4 shrink-0 rounded border-slate-400 accent-indigo-600"
        />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
            <Link
              href={`/senders/${sender.id}`}
              tabIndex={-1}
              onClick={(e) => e.stopPropagation()}
              className="truncate font-medium text-slate-900 underline-offset-2 hover:underline"
            >
              {displayName}
            </Link>
            {sender.name ? <span className="truncate text-sm text-slate-600">{sender.email}</span> : null}
            <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700" title="Domain">
              {sender.domain}
            </span>
            <span className="rounded-full bg-white px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-300">
              {SENDER_TYPE_LABEL[sender.sender_type]}
            </span>
          </div>
          {isPrivate ? (
            <p className="mt-1 text-sm italic text-slate-600">Private sender: subject and preview are not kept.</p>
          ) : (
            <>
              <p className="mt-1 truncate text-sm text-slate-800">
                {sender.latest_subject || <span className="text-slate-500">(no subject)</span>}
                {sender.latest_date ? (
                  <>
                    <span className="text-slate-400"> · </span>
                    <time dateTime={sender.latest_date} className="text-slate-600">
                      {dateFormat.format(new Date(sender.latest_date))}
                    </time>
                  </>
                ) : null}
              </p>
              {sender.latest_preview ? <p className="mt-0.5 line-clamp-1 text-sm text-slate-600">{sender.latest_preview}</p> : null}
            </>
          )}
        </div>
        <div className="shrink-0 text-right">
          <div className="text-base font-semibold tabular-nums text-slate-900">{sender.email_count.toLocaleString("en-US")}</div>
          <div className="text-xs text-slate-600">{sender.email_count === 1 ? "email" : "emails"}</div>
        </div>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2 pl-7">
        <div role="group" aria-label={`Category for ${displayName}`} className="flex flex-wrap gap-1">
          {CATEGORY_ORDER.map((c) => {
            const pressed = c === category;
            return (
              <button
                key={c}
                type="button"
                aria-pressed={pressed}
                title={`${CATEGORY_META[c].effect} (${CATEGORY_META[c].key})`}
                onClick={(e) => {
                  e.stopPropagation();
                  onActivate(sender.id);
                  if (!pressed) onAssign([sender.id], c);
                }}
                className={`rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition-colors ${
                  pressed ? CATEGORY_META[c].badge : "bg-white text-slate-700 ring-slate-200 hover:bg-slate-50"
                }`}
              >
                <span aria-hidden="true" className="mr-1 hidden font-mono text-[0.65rem] text-slate-500 md:inline">
                  {CATEGORY_META[c].key}
                </span>
                {CATEGORY_META[c].label}
              </button>
            );
          })}
        </div>
        {suggestion ? (
          <span className="flex items-center gap-1.5 text-xs text-slate-700">
            Suggested:
            <button
              type="button"
              onClick={(e) => {
                e.stopPropagation();
                onAssign([sender.id], suggestion);
              }}
              className={`rounded-full px-2 py-0.5 font-medium ring-1 ring-inset hover:underline ${CATEGORY_META[suggestion].badge}`}
              aria-label={`Accept suggestion: ${CATEGORY_META[suggestion].label}`}
            >
              {CATEGORY_META[suggestion].label}
            </button>
            <kbd aria-hidden="true" className="hidden rounded border border-slate-300 px-1 font-mono text-[0.65rem] text-slate-500 md:inline">
              a
            </kbd>
          </span>
        ) : null}
        <SenderRowActions sender={sender} category={category} unsubscribe={unsubscribe} onUnsubscribe={onUnsubscribe} onDomainRule={onDomainRule} />
      </div>
    </li>
  );
});
