import type { SenderCategory, SenderType } from "@/lib/schemas/enums";

type CategoryMeta = {
  label: string;
  /** What PookAi does with this sender's mail, in one line. */
  effect: string;
  /** Keyboard shortcut on the triage page (1–6). */
  key: string;
  badge: string;
  bar: string;
};

/** The categories in shortcut order (1–6); triage tabs put Unassigned first. */
export const CATEGORY_ORDER: SenderCategory[] = ["call-me", "remind-me", "keep-quiet", "why-did-i-signup", "dont-tell-anyone", "unassigned"];

export const CATEGORY_META: Record<SenderCategory, CategoryMeta> = {
  "call-me": {
    label: "Call me",
    effect: "New mail rings your phone at once",
    key: "1",
    badge: "bg-rose-50 text-rose-800 ring-rose-200",
    bar: "fill-rose-500 bg-rose-500",
  },
  "remind-me": {
    label: "Remind me",
    effect: "Goes into your daily digest call",
    key: "2",
    badge: "bg-amber-50 text-amber-900 ring-amber-200",
    bar: "fill-amber-500 bg-amber-500",
  },
  "keep-quiet": {
    label: "Keep quiet",
    effect: "Counted, never spoken",
    key: "3",
    badge: "bg-slate-100 text-slate-700 ring-slate-300",
    bar: "fill-slate-400 bg-slate-400",
  },
  "why-did-i-signup": {
    label: "Why did I sign up?",
    effect: "Unsubscribe candidate",
    key: "4",
    badge: "bg-violet-50 text-violet-800 ring-violet-200",
    bar: "fill-violet-500 bg-violet-500",
  },
  "dont-tell-anyone": {
    label: "Don't tell anyone",
    effect: "Private: never read aloud, never sent to an AI, no preview kept",
    key: "5",
    badge: "bg-teal-50 text-teal-800 ring-teal-200",
    bar: "fill-teal-600 bg-teal-600",
  },
  unassigned: {
    label: "Unassigned",
    effect: "Not decided yet",
    key: "6",
    badge: "bg-sky-50 text-sky-800 ring-sky-200",
    bar: "fill-sky-400 bg-sky-400",
  },
};

export const SENDER_TYPE_LABEL: Record<SenderType, string> = {
  newsletter: "Newsletter",
  tool: "Tool",
  meeting: "Meeting",
  promotional: "Promotional",
  personal: "Person",
};
