"use client";

import { CATEGORY_META, CATEGORY_ORDER } from "@/components/senders/category-meta";
import { Button } from "@/components/ui/button";
import type { SenderCategory } from "@/lib/schemas/enums";

/** Appears while senders are selected: file them all at once (Shift+1–6 does the same). */
export function BulkBar({
  count,
  pageCount,
  onAssign,
  onSelectAll,
  onClear,
}: {
  count: number;
  pageCount: number;
  onAssign: (c: SenderCategory) => void;
  onSelectAll: () => void;
  onClear: () => void;
}) {
  if (!count) {
    return pageCount ? (
      <div className="mb-2 flex justify-end">
        <Button variant="ghost" size="sm" onClick={onSelectAll}>
          Select all on this page
        </Button>
      </div>
    ) : null;
  }
  return (
    <div
      role="region"
      aria-label="Selected senders"
      className="sticky top-2 z-10 mb-3 flex flex-wrap items-center gap-2 rounded-xl bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
    >
      <span className="font-medium" data-testid="selection-count">
        {count} selected
      </span>
      <span className="text-slate-300">File them under</span>
      <div className="flex flex-wrap gap-1">
        {CATEGORY_ORDER.map((c) => (
          <button
            key={c}
            type="button"
            onClick={() => onAssign(c)}
            className="rounded-full bg-white/10 px-2.5 py-1 text-xs font-medium hover:bg-white/20 focus-visible:outline-white"
          >
            <span aria-hidden="true" className="mr-1 font-mono text-[0.65rem] text-slate-300">
              ⇧{CATEGORY_META[c].key}
            </span>
            {CATEGORY_META[c].label}
          </button>
        ))}
      </div>
      <Button variant="inverse" size="sm" className="ml-auto" onClick={onClear}>
        Clear
      </Button>
    </div>
  );
}
