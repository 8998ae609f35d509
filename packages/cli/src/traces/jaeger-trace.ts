// Jaeger v1 JSON traces (what /api/traces answers) converted to the trace tree's span shape.
import type { TreeSpan, TreeSpanStatus } from '@skein/telemetry/trace-tree';

export interface JaegerKeyValue {
  key: string;
  type: string;
  value: unknown;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[] | null;
  startTime: number;
  duration: number;
  tags: JaegerKeyValue[] | null;
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** Jaeger's answer envelope. */
export interface JaegerEnvelope<T> {
  data: T;
}

export function fromJaegerTrace(trace: JaegerTrace): TreeSpan[] {
  return trace.spans.map((span) => {
    const attributes: Record<string, unknown> = {};
    for (const tag of span.tags ?? []) attributes[tag.key] = tag.value;
    const parent = span.references?.find((r) => r.refType === 'CHILD_OF' && r.traceID === span.traceID);
    return {
      traceId: trace.traceID,
      spanId: span.spanID,
      parentSpanId: parent?.spanID,
      name: span.operationName,
      service: trace.processes[span.processID]?.serviceName ?? 'unknown_service',
      startUs: span.startTime,
      durationUs: span.duration,
      status: status(attributes),
      statusMessage:
        typeof attributes['otel.status_description'] === 'string'
          ? attributes['otel.status_description']
          : undefined,
      attributes,
    };
  });
}

/** The mapping puts the OTLP status in `otel.status_code` (OK|ERROR) and `error=true`. */
function status(attributes: Record<string, unknown>): TreeSpanStatus {
  if (attributes['otel.status_code'] === 'ERROR' || attributes.error === true) return 'error';
  return attributes['otel.status_code'] === 'OK' ? 'ok' : 'unset';
}

/** When the trace began: its earliest span start, in microseconds. */
export function traceStartUs(trace: JaegerTrace): number {
  return traceTimes(trace).startUs;
}

/** The earliest span start and the latest span end, in whole microseconds since the epoch. */
export function traceTimes(trace: JaegerTrace): { startUs: number; endUs: number } {
  let startUs = Infinity;
  let endUs = -Infinity;
  for (const span of trace.spans) {
    startUs = Math.min(startUs, span.startTime);
    endUs = Math.max(endUs, span.startTime + span.duration);
  }
  return { startUs: Math.floor(startUs), endUs: Math.ceil(endUs) };
}
