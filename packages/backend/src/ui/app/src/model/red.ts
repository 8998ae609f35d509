// Rate, errors and duration percentiles of a service's spans, bucketed over time and per operation.
export interface Timing {
  operation: string;
  /** µs since the epoch. */
  start: number;
  /** µs. */
  duration: number;
  error: boolean;
}

export interface RedPoint {
  t: number;
  rate: number;
  errorRate: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface OperationRed {
  operation: string;
  count: number;
  rate: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.max(0, Math.min(sorted.length - 1, rank))]!;
}

function summarize(list: Timing[], seconds: number): Omit<OperationRed, 'operation'> {
  const durations = list.map((t) => t.duration).sort((a, b) => a - b);
  const errors = list.reduce((n, t) => n + (t.error ? 1 : 0), 0);
  return {
    count: list.length,
    rate: list.length / seconds,
    errors,
    p50: percentile(durations, 50),
    p95: percentile(durations, 95),
    p99: percentile(durations, 99),
  };
}

export function redSeries(timings: Timing[], start: number, end: number, buckets = 30): RedPoint[] {
  const width = Math.max((end - start) / buckets, 1);
  const groups: Timing[][] = Array.from({ length: buckets }, () => []);
  for (const t of timings) {
    const i = Math.floor((t.start - start) / width);
    if (i >= 0 && i < buckets) groups[i]!.push(t);
  }
  return groups.map((g, i) => {
    const s = summarize(g, width / 1e6);
    return {
      t: start + (i + 0.5) * width,
      rate: s.rate,
      errorRate: s.count === 0 ? 0 : s.errors / s.count,
      p50: s.p50,
      p95: s.p95,
      p99: s.p99,
    };
  });
}

export function redByOperation(timings: Timing[], start: number, end: number): OperationRed[] {
  const byOp = new Map<string, Timing[]>();
  for (const t of timings) {
    const list = byOp.get(t.operation);
    if (list) list.push(t);
    else byOp.set(t.operation, [t]);
  }
  const seconds = Math.max((end - start) / 1e6, 1e-6);
  return [...byOp]
    .map(([operation, list]) => ({ operation, ...summarize(list, seconds) }))
    .sort((a, b) => b.count - a.count);
}
