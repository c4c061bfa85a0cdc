/** A percentage as a ring, with the number in words for screen readers. */
export function RingGauge({ value, label }: { value: number | null; label: string }) {
  const pct = value == null ? null : Math.round(value * 100);
  const circumference = 2 * Math.PI * 16;
  return (
    <svg viewBox="0 0 40 40" className="h-20 w-20" role="img" aria-label={pct == null ? `${label}: no finished calls yet` : `${label}: ${pct}%`}>
      <circle cx="20" cy="20" r="16" fill="none" strokeWidth="5" className="stroke-slate-100" />
      {pct != null ? (
        <circle
          cx="20"
          cy="20"
          r="16"
          fill="none"
          strokeWidth="5"
          strokeLinecap="round"
          className={pct >= 80 ? "stroke-emerald-500" : pct >= 50 ? "stroke-amber-500" : "stroke-rose-500"}
          strokeDasharray={`${(pct / 100) * circumference} ${circumference}`}
          transform="rotate(-90 20 20)"
        />
      ) : null}
      <text x="20" y="22.5" textAnchor="middle" className="fill-slate-900 text-[0.5rem] font-semibold" aria-hidden="true">
        {pct == null ? "—" : `${pct}%`}
      </text>
    </svg>
  );
}
