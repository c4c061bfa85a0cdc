"use client";

import { useEffect, useRef } from "react";
import { CATEGORY_META, CATEGORY_ORDER } from "@/components/senders/category-meta";
import { Button } from "@/components/ui/button";

const MOVES: [string, string][] = [
  ["j / ↓", "Next sender"],
  ["k / ↑", "Previous sender"],
  ["x", "Select or unselect the sender"],
  ["o / Enter", "Open the sender's mail"],
  ["a", "Accept PookAi's suggestion"],
  ["u", "Unsubscribe (“Why did I sign up?” senders)"],
  ["d", "Apply the choice to the whole domain"],
  ["z", "Undo the last choice"],
  ["/", "Search"],
  ["Esc", "Clear the selection"],
  ["?", "Show or hide this list"],
];

/** The shortcut sheet, a native modal dialog (focus is trapped and Esc closes it). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="shortcuts-title"
      className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="p-6">
        <h2 id="shortcuts-title" className="text-lg font-semibold text-slate-900">
          Keyboard shortcuts
        </h2>
        <div className="mt-4 grid gap-6 sm:grid-cols-2">
          <dl className="space-y-2 text-sm">
            {MOVES.map(([keys, what]) => (
              <div key={keys} className="grid grid-cols-[5.5rem_1fr] items-baseline gap-3">
                <dt className="whitespace-nowrap">
                  <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">{keys}</kbd>
                </dt>
                <dd className="text-slate-700">{what}</dd>
              </div>
            ))}
          </dl>
          <div>
            <dl className="space-y-2 text-sm">
              {CATEGORY_ORDER.map((c) => (
                <div key={c} className="grid grid-cols-[5.5rem_1fr] items-baseline gap-3">
                  <dt className="whitespace-nowrap">
                    <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">{CATEGORY_META[c].key}</kbd>
                    <span className="text-slate-500"> / </span>
                    <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">⇧{CATEGORY_META[c].key}</kbd>
                  </dt>
                  <dd className="text-slate-700">{CATEGORY_META[c].label}</dd>
                </div>
              ))}
            </dl>
            <p className="pt-3 text-xs text-slate-600">A number files the current sender; with Shift it files every selected sender.</p>
          </div>
        </div>
        <div className="mt-6 flex justify-end">
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
        </div>
      </div>
    </dialog>
  );
}
