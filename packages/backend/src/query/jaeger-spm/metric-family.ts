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

/**
 * The value over the spans `timings[lo, hi)`, or undefined where Prometheus would have no sample: a latency or
 * error ratio of a window without calls.
 */
function value(
  measure: Measure,
  timings: SpanTiming[],
  lo: number,
  hi: number,
  ratePerMs: number,
): number | undefined {
  const count = hi - lo;
  if (measure.kind === 'calls') return count / (ratePerMs / 1000);
  if (count === 0) return undefined;
  if (measure.kind === 'errors') {
    let errors = 0;
    for (let i = lo; i < hi; i++) if (timings[i]!.status === 2) errors++;
    return errors / count;
  }
  const durationsMs: number[] = [];
  for (let i = lo; i < hi; i++) durationsMs.push(timings[i]!.durationUs / 1000);
  durationsMs.sort((a, b) => a - b);
  return percentile(durationsMs, measure.quantile * 100)!;
}

/** Points at endTs − lookback, + step, … ≤ endTs; each over the spans started in (t − ratePer, t]. */
function points(measure: Measure, timings: SpanTiming[], query: MetricsQuery): MetricPoint[] {
  const out: MetricPoint[] = [];
  let lo = 0;
  let hi = 0;
  for (let t = query.endMs - query.lookbackMs; t <= query.endMs; t += query.stepMs) {
    const fromUs = (t - query.ratePerMs) * 1000;
    const toUs = t * 1000;
    while (hi < timings.length && timings[hi]!.startUs <= toUs) hi++;
    while (lo < hi && timings[lo]!.startUs <= fromUs) lo++;
    const v = value(measure, timings, lo, hi, query.ratePerMs);
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
