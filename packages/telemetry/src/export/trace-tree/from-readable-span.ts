// Converts an SDK span into the tree's span shape.
import { SpanStatusCode, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { TreeSpan } from './tree-span.js';

function micros([seconds, nanos]: HrTime): number {
  return seconds * 1e6 + nanos / 1e3;
}

export function fromReadableSpan(span: ReadableSpan): TreeSpan {
  const context = span.spanContext();
  const service = span.resource.attributes['service.name'];
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    service: typeof service === 'string' ? service : 'unknown_service',
    startUs: micros(span.startTime),
    durationUs: micros(span.duration),
    status:
      span.status.code === SpanStatusCode.ERROR
        ? 'error'
        : span.status.code === SpanStatusCode.OK
          ? 'ok'
          : 'unset',
    statusMessage: span.status.message || undefined,
    attributes: span.attributes,
  };
}
