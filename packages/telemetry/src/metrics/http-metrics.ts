// The HTTP metric instruments of the stable semconv, with the advisory histogram buckets.
import type { Attributes, Meter } from '@opentelemetry/api';
import { AggregatedHistogram } from './aggregated-histogram.js';

export const HTTP_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

/** One series of http.server.active_requests: its attributes and its current value. */
export interface ActiveRequestSeries {
  readonly attributes: Attributes;
  count: number;
}

/**
 * http.server.active_requests, counted in plain objects and observed at collection time: a synchronous
 * UpDownCounter would hash its attributes twice per request on the hot path.
 */
export class ActiveRequests {
  /** By method, one map per scheme (http, https): no key string to build per request. */
  private readonly http = new Map<string, ActiveRequestSeries>();
  private readonly https = new Map<string, ActiveRequestSeries>();

  constructor(meter: Meter) {
    meter
      .createObservableUpDownCounter('http.server.active_requests', {
        unit: '{request}',
        description: 'Number of active HTTP server requests.',
      })
      .addCallback((result) => {
        for (const series of this.http.values()) result.observe(series.count, series.attributes);
        for (const series of this.https.values()) result.observe(series.count, series.attributes);
      });
  }

  /** Counts a request in; pass the returned series to `series.count--` when it ends. */
  enter(method: string, scheme: 'http' | 'https'): ActiveRequestSeries {
    const byMethod = scheme === 'https' ? this.https : this.http;
    let series = byMethod.get(method);
    if (series === undefined) {
      series = { attributes: { 'http.request.method': method, 'url.scheme': scheme }, count: 0 };
      byMethod.set(method, series);
    }
    series.count++;
    return series;
  }
}

export interface HttpServerMetrics {
  duration: AggregatedHistogram;
  activeRequests: ActiveRequests;
}

/** http.server.request.duration, aggregated in place (see aggregated-histogram.ts). */
export function createHttpServerDuration(): AggregatedHistogram {
  return new AggregatedHistogram({
    name: 'http.server.request.duration',
    unit: 's',
    description: 'Duration of HTTP server requests.',
    boundaries: HTTP_DURATION_BUCKETS,
  });
}

/** http.client.request.duration, aggregated in place (see aggregated-histogram.ts). */
export function createHttpClientDuration(): AggregatedHistogram {
  return new AggregatedHistogram({
    name: 'http.client.request.duration',
    unit: 's',
    description: 'Duration of HTTP client requests.',
    boundaries: HTTP_DURATION_BUCKETS,
  });
}
