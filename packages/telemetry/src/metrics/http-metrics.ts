// The HTTP metric instruments of the stable semconv, with the advisory histogram buckets.
import type { Histogram, Meter, UpDownCounter } from '@opentelemetry/api';

export const HTTP_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

export interface HttpServerMetrics {
  duration: Histogram;
  activeRequests: UpDownCounter;
}

export function createHttpServerMetrics(meter: Meter): HttpServerMetrics {
  return {
    duration: meter.createHistogram('http.server.request.duration', {
      unit: 's',
      description: 'Duration of HTTP server requests.',
      advice: { explicitBucketBoundaries: HTTP_DURATION_BUCKETS },
    }),
    activeRequests: meter.createUpDownCounter('http.server.active_requests', {
      unit: '{request}',
      description: 'Number of active HTTP server requests.',
    }),
  };
}

export function createHttpClientDuration(meter: Meter): Histogram {
  return meter.createHistogram('http.client.request.duration', {
    unit: 's',
    description: 'Duration of HTTP client requests.',
    advice: { explicitBucketBoundaries: HTTP_DURATION_BUCKETS },
  });
}
