import Link from "next/link";
import type { ReactNode } from "react";

export type Bar = { key: string; label: ReactNode; sublabel?: ReactNode; value: number; valueLabel: string; className: string; href?: string };

/**
 * Horizontal bars as an HTML list: every bar carries its number as text, so it reads the same to
 * a screen reader as it looks, and it reflows on a phone without any SVG scaling.
 */
export function BarList({ bars, label, empty }: { bars: Bar[]; label: string; empty: ReactNode }) {
  if (!bars.length) return <p className="py-6 text-center text-sm text-slate-600">{empty}</p>;
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <ul aria-label={label} className="space-y-3">
      {bars.map((b) => (
        <li key={b.key}>
          <div className="flex items-baseline justify-between gap-3 text-sm">
            <span className="min-w-0 truncate">
              {b.href ? (
                <Link href={b.href} className="font-medium text-slate-900 underline-offset-2 hover:underline">
                  {b.label}
                </Link>
              ) : (
                <span className="font-medium text-slate-900">{b.label}</span>
              )}
              {b.sublabel ? <span className="ml-2 text-xs text-slate-600">{b.sublabel}</span> : null}
            </span>
            <span className="shrink-0 tabular-nums text-slate-700">{b.valueLabel}</span>
          </div>
          <div className="mt-1 h-2 rounded-full bg-slate-100" aria-hidden="true">
            <div className={`h-2 rounded-full ${b.className}`} style={{ width: `${Math.max(2, (b.value / max) * 100)}%` }} />
          </div>
        </li>
      ))}
    </ul>
  );
}
