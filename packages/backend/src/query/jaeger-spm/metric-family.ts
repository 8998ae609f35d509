// Span-derived RED series in Jaeger's SPM shape (an OpenMetrics MetricFamily of gauges, as Jaeger's metrics
// readers return it): one point per step, each computed over the `ratePer` window ending at the point, as
// Prometheus evaluates `rate(…[ratePer])` over span metrics.
import type { SpanTiming } from '../../storage/store.js';
import { formatTimestamp } from '../jaeger-v3/rfc3339.js';
import { percentile } from '../native/red.js';
import type { MetricsQuery } from './metrics-params.js';

export type Measure = { kind: 'latencies'; quantile: number } | { kind: 'calls' } | { kind: 'errors' };

export interface MetricPoint {
  gaugeValue: { doubleValue: number };
  timestamp: string;
}

export interface MetricFamily {
  name: string;
  type: 'GAUGE';
  help: string;
  metrics: { labels: { name: string; value: string }[]; metricPoints: MetricPoint[] }[];
}

/** The spans of one series (a service, or a service's operation), sorted by start. */
export interface Series {
  service: string;
  operation?: string;
  timings: SpanTiming[];
}

function describe(measure: Measure, byOperation: boolean): { name: string; help: string } {
  const scope = byOperation ? 'service & operation' : 'service';
  const prefix = byOperation ? 'service_operation_' : 'service_';
  switch (measure.kind) {
    case 'latencies':
      return {
        name: prefix + 'latencies',
        help: `${measure.quantile.toFixed(2)}th quantile latency, grouped by ${scope}`,
      };
    case 'calls':
      return { name: prefix + 'call_rate', help: `calls/sec, grouped by ${scope}` };
    case 'errors':
      return {
        name: prefix + 'error_rate',
        help: `error rate, computed as a fraction of errors/sec over calls/sec, grouped by ${scope}`,
      };
  }
}

/** The value over a window of `count` spans, or undefined where Prometheus would have no sample. */
function value(
  measure: Measure,
  count: number,
  errors: number,
  sortedMs: number[],
  ratePerMs: number,
): number | undefined {
  if (measure.kind === 'calls') return count / (ratePerMs / 1000);
  if (count === 0) return undefined;
  if (measure.kind === 'errors') return errors / count;
  return percentile(sortedMs, measure.quantile * 100)!;
}

/** First index of `sorted` whose value is ≥ `v`. */
function lowerBound(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Points at endTs − lookback, + step, … ≤ endTs; each over the spans started in (t − ratePer, t]. The window
 * slides: spans enter and leave once, and latencies stay sorted as they do, so overlapping windows
 * (ratePer ≫ step) cost no re-sorting.
 */
function points(measure: Measure, timings: SpanTiming[], query: MetricsQuery): MetricPoint[] {
  const out: MetricPoint[] = [];
  const sortedMs: number[] = [];
  const latencies = measure.kind === 'latencies';
  let lo = 0;
  let hi = 0;
  let errors = 0;
  for (let t = query.endMs - query.lookbackMs; t <= query.endMs; t += query.stepMs) {
    const fromUs = (t - query.ratePerMs) * 1000;
    const toUs = t * 1000;
    for (; hi < timings.length && timings[hi]!.startUs <= toUs; hi++) {
      const span = timings[hi]!;
      if (span.status === 2) errors++;
      if (latencies) sortedMs.splice(lowerBound(sortedMs, span.durationUs / 1000), 0, span.durationUs / 1000);
    }
    for (; lo < hi && timings[lo]!.startUs <= fromUs; lo++) {
      const span = timings[lo]!;
      if (span.status === 2) errors--;
      if (latencies) sortedMs.splice(lowerBound(sortedMs, span.durationUs / 1000), 1);
    }
    const v = value(measure, hi - lo, errors, sortedMs, query.ratePerMs);
    if (v !== undefined) out.push({ gaugeValue: { doubleValue: v }, timestamp: formatTimestamp(t) });
  }
  return out;
}

/** Builds the family for `measure` over `series`; a series without any point is left out. */
export function metricFamily(measure: Measure, series: Series[], query: MetricsQuery): MetricFamily {
  const { name, help } = describe(measure, query.groupByOperation);
  const family: MetricFamily = { name, type: 'GAUGE', help, metrics: [] };
  for (const s of series) {
    const metricPoints = points(measure, s.timings, query);
    if (metricPoints.length === 0) continue;
    const labels = [{ name: 'service_name', value: s.service }];
    if (s.operation !== undefined) labels.unshift({ name: 'operation', value: s.operation });
    family.metrics.push({ labels, metricPoints });
  }
  return family;
}
