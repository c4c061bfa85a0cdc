type Series = { key: string; label: string; className: string };
type Point = { label: string; values: Record<string, number> };

/**
 * Stacked columns in plain SVG (no chart library): one column per point, one colour per series.
 * Screen readers get the title, a one-line summary and the numbers as a table; each column has a
 * tooltip. Axis labels are HTML so they stay crisp when the SVG stretches to the container.
 */
export function ColumnChart({
  title,
  summary,
  series,
  points,
  height = 160,
}: {
  title: string;
  summary: string;
  series: Series[];
  points: Point[];
  height?: number;
}) {
  const totals = points.map((p) => series.reduce((n, s) => n + (p.values[s.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = 10;
  const barWidth = 7;
  const width = points.length * slot;
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <figure>
      <div className="flex gap-2">
        <div className="flex w-6 flex-col justify-between text-right text-[0.7rem] tabular-nums text-slate-600" aria-hidden="true" style={{ height }}>
          <span>{max}</span>
          <span>0</span>
        </div>
        <svg
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          viewBox={`0 0 ${width} 100`}
          preserveAspectRatio="none"
          className="min-w-0 flex-1 overflow-visible"
          style={{ height }}
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{summary}</desc>
          <line x1="0" x2={width} y1="100" y2="100" className="stroke-slate-300" strokeWidth="0.5" vectorEffect="non-scaling-stroke" />
          <line x1="0" x2={width} y1="0" y2="0" className="stroke-slate-200" strokeDasharray="2 2" strokeWidth="0.5" vectorEffect="non-scaling-stroke" />
          {points.map((p, i) => {
            let y = 100;
            const tooltip = `${p.label}: ${series.map((s) => `${p.values[s.key] ?? 0} ${s.label.toLowerCase()}`).join(", ")}`;
            return (
              <g key={p.label}>
                <title>{tooltip}</title>
                <rect x={i * slot} y="0" width={slot} height="100" className="fill-transparent" />
                {series.map((s) => {
                  const v = p.values[s.key] ?? 0;
                  if (!v) return null;
                  const h = (v / max) * 100;
                  y -= h;
                  return <rect key={s.key} x={i * slot + (slot - barWidth) / 2} y={y} width={barWidth} height={h} className={s.className} />;
                })}
              </g>
            );
          })}
        </svg>
      </div>
      <div className="ml-8 mt-1 flex justify-between text-[0.7rem] text-slate-600" aria-hidden="true">
        <span>{points[0]?.label}</span>
        <span>{points[Math.floor(points.length / 2)]?.label}</span>
        <span>{points.at(-1)?.label}</span>
      </div>
      <figcaption className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        {series.map((s) => (
          <span key={s.key} className="flex items-center gap-1.5">
            <svg aria-hidden="true" viewBox="0 0 10 10" className="h-2.5 w-2.5">
              <rect width="10" height="10" rx="2" className={s.className} />
            </svg>
            {s.label}
          </span>
        ))}
      </figcaption>
      <details className="mt-2 text-xs text-slate-700">
        <summary className="cursor-pointer text-slate-600 hover:text-slate-900">Show the numbers</summary>
        <div className="mt-2 max-h-48 overflow-auto">
          <table className="w-full text-left tabular-nums">
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Day
                </th>
                {series.map((s) => (
                  <th key={s.key} scope="col" className="py-1 pr-2 font-medium">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.label} className="border-t border-slate-100">
                  <th scope="row" className="py-1 pr-2 font-normal">
                    {p.label}
                  </th>
                  {series.map((s) => (
                    <td key={s.key} className="py-1 pr-2">
                      {p.values[s.key] ?? 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
