// Jaeger's Service Performance Monitoring endpoints (the Jaeger UI's Monitor tab), answered from stored span
// timings instead of a Prometheus holding span metrics. Documented in docs/api.md.
import type { SpanTiming, TelemetryStore } from '../../storage/store.js';
import type { Route } from '../http-api.js';
import { metricFamily, type Measure, type Series } from './metric-family.js';
import { metricsQuery, quantileParam, type MetricsQuery } from './metrics-params.js';

/** The finest step worth asking for, in ms: points closer than a second repeat the same windows. */
const MIN_STEP_MS = 1000;
const MAX_SPANS = 1_000_000;

/** One series per service, or per service and operation, with timings sorted by start. */
function seriesOf(store: TelemetryStore, query: MetricsQuery): Series[] {
  const series: Series[] = [];
  for (const service of query.services) {
    const timings = store.spanTimings({
      service,
      kinds: query.kinds,
      startUs: (query.endMs - query.lookbackMs - query.ratePerMs) * 1000,
      endUs: query.endMs * 1000,
      limit: MAX_SPANS,
    });
    timings.sort((a, b) => a.startUs - b.startUs);
    if (!query.groupByOperation) {
      series.push({ service, timings });
      continue;
    }
    const byOperation = new Map<string, SpanTiming[]>();
    for (const t of timings) {
      let list = byOperation.get(t.name);
      if (!list) byOperation.set(t.name, (list = []));
      list.push(t);
    }
    for (const operation of [...byOperation.keys()].sort()) {
      series.push({ service, operation, timings: byOperation.get(operation)! });
    }
  }
  return series;
}

export function jaegerSpmRoutes(store: TelemetryStore): Route[] {
  const metrics = (pattern: RegExp, measure: (params: URLSearchParams) => Measure): Route => ({
    pattern,
    handler: (params) => {
      const m = measure(params);
      const query = metricsQuery(params);
      return { body: metricFamily(m, seriesOf(store, query), query) };
    },
  });
  return [
    metrics(/^\/api\/metrics\/latencies$/, (params) => ({
      kind: 'latencies',
      quantile: quantileParam(params),
    })),
    metrics(/^\/api\/metrics\/calls$/, () => ({ kind: 'calls' })),
    metrics(/^\/api\/metrics\/errors$/, () => ({ kind: 'errors' })),
    {
      pattern: /^\/api\/metrics\/minstep$/,
      handler: () => ({ body: { data: MIN_STEP_MS, total: 0, limit: 0, offset: 0, errors: null } }),
    },
  ];
}
