import Link from "next/link";
import { CATEGORY_META } from "@/components/senders/category-meta";
import type { SenderCategory } from "@/lib/schemas/enums";
import { triageHref, type TriageSort, type TriageTab } from "./triage-href";

const TABS: SenderCategory[] = ["unassigned", "call-me", "remind-me", "keep-quiet", "why-did-i-signup", "dont-tell-anyone"];

/** One tab per category, Unassigned first, each with its live count; then All. */
export function TriageTabs({ counts, tab, sort, search }: { counts: Record<SenderCategory, number>; tab: TriageTab; sort: TriageSort; search: string }) {
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const items: { id: TriageTab; label: string; count: number }[] = [
    ...TABS.map((c) => ({ id: c, label: CATEGORY_META[c].label, count: counts[c] })),
    { id: "all", label: "All", count: all },
  ];
  return (
    <nav aria-label="Categories" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-slate-200">
        {items.map((item) => {
          const active = item.id === tab;
          return (
            <li key={item.id}>
              <Link
                href={triageHref({ tab: item.id, sort, search })}
                aria-current={active ? "page" : undefined}
                data-testid={`tab-${item.id}`}
                className={`-mb-px flex items-center gap-2 whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
                  active ? "border-indigo-600 text-indigo-800" : "border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {item.label}
                <span
                  data-testid={`tab-count-${item.id}`}
                  className={`rounded-full px-2 py-0.5 text-xs tabular-nums ${active ? "bg-indigo-100 text-indigo-800" : "bg-slate-100 text-slate-700"}`}
                >
                  {item.count.toLocaleString("en-US")}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
