"use client";

import { useEffect, useRef, useLayoutEffect } from "react";
import { CATEGORY_ORDER } from "@/components/senders/category-meta";
import type { SenderCategory } from "@/lib/schemas/enums";

export type TriageKeyHandlers = {
  move: (delta: number) => void;
  assignActive: (category: SenderCategory) => void;
  assignSelection: (category: SenderCategory) => void;
  toggleSelect: () => void;
  acceptSuggestion: () => void;
  focusSearch: () => void;
  toggleHelp: () => void;
  escape: () => void;
  unsubscribeActive: () => void;
  openActive: () => void;
  undo: () => void;
  domainRuleActive: () => void;
  /** While the shortcut sheet is open only "?" (and the dialog's own Esc) do anything. */
  isHelpOpen: () => boolean;
};

const TEXT_INPUT_TYPES = new Set(["text", "search", "email", "password", "number", "tel", "url", "date", "time", "datetime-local"]);

/** Typing in a text field must never trigger a shortcut; checkboxes and buttons may keep focus. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}

/** Digit1..Digit6 (or the numpad) as the category in shortcut order; by physical key so Shift works on any layout. */
function categoryFromCode(code: string): SenderCategory | undefined {
  const match = /^(?:Digit|Numpad)([1-6])$/.exec(code);
  return match ? CATEGORY_ORDER[Number(match[1]) - 1] : undefined;
}

/**
 * HEY-Screener-style keys on the whole page: j/k move, 1–6 file the current sender, Shift+1–6
 * file the selection, x selects, a accepts the suggestion, u unsubscribes, d applies the choice to
 * the whole domain, / searches, ? shows the sheet.
 */
export function useTriageKeys(handlers: TriageKeyHandlers, enabled: boolean) {
  const ref = useRef(handlers);
  // The latest handlers, for the one keydown listener below (set after render, never during it).
  useLayoutEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(e: KeyboardEvent) {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || e.isComposing) return;
      const h = ref.current;
      if (isTyping(e.target)) {
        if (e.key === "Escape" && e.target instanceof HTMLElement) e.target.blur();
        return;
      }
      if (h.isHelpOpen()) {
        if (e.key === "?") {
          e.preventDefault();
          h.toggleHelp();
        }
        return;
      }
      const category = categoryFromCode(e.code);
      if (category) {
        e.preventDefault();
        if (e.shiftKey) h.assignSelection(category);
        else h.assignActive(category);
        return;
      }
      switch (e.key) {
        case "j":
        case "ArrowDown":
          e.preventDefault();
          h.move(1);
          break;
        case "k":
        case "ArrowUp":
          e.preventDefault();
          h.move(-1);
          break;
        case "x":
          e.preventDefault();
          h.toggleSelect();
          break;
        case "a":
          e.preventDefault();
          h.acceptSuggestion();
          break;
        case "z":
          e.preventDefault();
          h.undo();
          break;
        case "o":
          e.preventDefault();
          h.openActive();
          break;
        case "Enter":
          // Only on a row or the page itself: Enter must still press a focused button or link.
          if (e.target === document.body || (e.target instanceof HTMLElement && e.target.dataset.senderId)) {
            e.preventDefault();
            h.openActive();
          }
          break;
        case "u":
          e.preventDefault();
          h.unsubscribeActive();
          break;
        case "d":
          e.preventDefault();
          h.domainRuleActive();
          break;
        case "/":
          e.preventDefault();
          h.focusSearch();
          break;
        case "?":
          e.preventDefault();
          h.toggleHelp();
          break;
        case "Escape":
          h.escape();
          break;
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}
