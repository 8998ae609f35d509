// Where a service's span timings come from: the traces the Jaeger API returns for the range.
import { withQuery } from '../api.js';
import type { JaegerEnvelope, JaegerTrace } from './jaeger.js';
import type { Timing } from './red.js';
import { isErrorSpan } from './trace.js';

export const TIMING_TRACE_LIMIT = 1000;

export function timingsUrl(service: string, start: number, end: number): string {
  return withQuery('/api/traces', {
    service,
    start: Math.floor(start),
    end: Math.floor(end),
    limit: TIMING_TRACE_LIMIT,
  });
}

/** Spans of `service` from a Jaeger trace list, as timings. */
export function timingsOf(service: string, body: unknown): Timing[] {
  const out: Timing[] = [];
  for (const trace of (body as JaegerEnvelope<JaegerTrace[]>).data ?? []) {
    for (const span of trace.spans) {
      if (trace.processes[span.processID]?.serviceName !== service) continue;
      out.push({
        operation: span.operationName,
        start: span.startTime,
        duration: span.duration,
        error: isErrorSpan(span),
      });
    }
  }
  return out;
}
