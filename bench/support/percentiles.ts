/** Nearest-rank percentile of already collected samples (milliseconds). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(label: string, samples: readonly number[]): string {
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  return `${label.padEnd(44)} n=${String(samples.length).padStart(5)}  p50 ${fmt(percentile(samples, 50))}  p95 ${fmt(percentile(samples, 95))}  p99 ${fmt(percentile(samples, 99))}  max ${fmt(Math.max(...samples))}`;
}
