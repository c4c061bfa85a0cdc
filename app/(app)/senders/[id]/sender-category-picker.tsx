"use client";

import { useOptimistic, useState, useTransition } from "react";
import { CATEGORY_META, CATEGORY_ORDER } from "@/components/senders/category-meta";
import { Alert } from "@/components/ui/alert";
import type { SenderCategory } from "@/lib/schemas/enums";
import { setSenderCategoryAction } from "../actions";

/** The six choices as a radio group; the choice shows at once and rolls back if the server refuses it. */
export function SenderCategoryPicker({ senderId, category }: { senderId: string; category: SenderCategory }) {
  const [saved, setSaved] = useState(category);
  const [shown, show] = useOptimistic(saved);
  const [, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <fieldset>
      <legend className="sr-only">Category</legend>
      <div className="space-y-2">
        {CATEGORY_ORDER.map((c) => (
          <label
            key={c}
            className={`flex cursor-pointer items-start gap-3 rounded-lg p-3 ring-1 ring-inset ${shown === c ? CATEGORY_META[c].badge : "ring-slate-200 hover:bg-slate-50"}`}
          >
            <input
              type="radio"
              name="category"
              value={c}
              checked={shown === c}
              onChange={() =>
                startTransition(async () => {
                  show(c);
                  setError(undefined);
                  const r = await setSenderCategoryAction(senderId, c).catch(() => null);
                  if (r?.ok) startTransition(() => setSaved(c));
                  else setError(`Not saved: ${r ? r.error : "PookAi could not be reached"}.`);
                })
              }
              className="mt-0.5 h-4 w-4 accent-indigo-600"
            />
            <span>
              <span className="block text-sm font-medium">{CATEGORY_META[c].label}</span>
              <span className="block text-xs opacity-80">{CATEGORY_META[c].effect}</span>
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <Alert tone="error" className="mt-3">
          {error}
        </Alert>
      ) : null}
    </fieldset>
  );
}
