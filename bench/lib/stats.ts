/** Percentile (nearest rank) of a list of milliseconds. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarize(values: number[]) {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
}

/** Run `task` `total` times with `concurrency` in flight; returns each call's latency in ms. */
export async function runConcurrent(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const start = performance.now();
        await task(i);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return latencies;
}

export const ms = (v: number) => `${v.toFixed(1)} ms`;

/** One line of the report: figure, target, ratio and whether it meets the target. */
export function verdict(label: string, value: string, target: string, ok: boolean, extra = "") {
  console.log(`${ok ? "PASS" : "MISS"}  ${label.padEnd(58)} ${value.padStart(12)}   target ${target}${extra ? `   ${extra}` : ""}`);
  return { label, value, target, ok, extra };
}
