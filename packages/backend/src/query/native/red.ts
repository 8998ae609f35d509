// RED metrics (rate, errors, duration percentiles) computed from stored span timings, per time bucket.
import type { SpanTiming } from '../../storage/store.js';

export interface RedBucket {
  /** Bucket start, µs since the epoch. */
  start: number;
  count: number;
  errors: number;
  /** Requests per second over the bucket. */
  rate: number;
  errorRate: number;
  /** Duration percentiles in µs (null for an empty bucket). */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

function summarize(start: number, stepUs: number, durations: number[], errors: number): RedBucket {
  durations.sort((a, b) => a - b);
  const count = durations.length;
  return {
    start,
    count,
    errors,
    rate: count / (stepUs / 1e6),
    errorRate: count === 0 ? 0 : errors / count,
    p50: percentile(durations, 50),
    p95: percentile(durations, 95),
    p99: percentile(durations, 99),
  };
}

/** Splits [startUs, endUs) into buckets of `stepUs` and computes RED figures for each. */
export function redBuckets(
  timings: SpanTiming[],
  startUs: number,
  endUs: number,
  stepUs: number,
): RedBucket[] {
  const n = Math.max(1, Math.ceil((endUs - startUs) / stepUs));
  const durations: number[][] = Array.from({ length: n }, () => []);
  const errors = new Array<number>(n).fill(0);
  for (const t of timings) {
    const i = Math.floor((t.startUs - startUs) / stepUs);
    if (i < 0 || i >= n) continue;
    durations[i]!.push(t.durationUs);
    if (t.status === 2) errors[i]!++;
  }
  return durations.map((d, i) => summarize(startUs + i * stepUs, stepUs, d, errors[i]!));
}

/** One RED summary per operation over the whole range. */
export function redByOperation(
  timings: SpanTiming[],
  startUs: number,
  endUs: number,
): (RedBucket & { operation: string })[] {
  const groups = new Map<string, SpanTiming[]>();
  for (const t of timings) {
    let group = groups.get(t.name);
    if (!group) groups.set(t.name, (group = []));
    group.push(t);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([operation, group]) => ({
      operation,
      ...redBuckets(group, startUs, endUs, Math.max(1, endUs - startUs))[0]!,
    }));
}
