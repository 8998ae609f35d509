// The decoded OTLP data as protobufjs produces it (camelCase fields, Long for 64-bit integers, Uint8Array
// for bytes): the shapes the receivers validate and the store persists.
import type Long from 'long';

export type Int64 = Long | number;

export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Int64;
  doubleValue?: number;
  arrayValue?: { values: AnyValue[] };
  kvlistValue?: { values: KeyValue[] };
  bytesValue?: Uint8Array;
}

export interface KeyValue {
  key: string;
  value?: AnyValue | null;
}

export interface Resource {
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface SpanEvent {
  timeUnixNano: Int64;
  name: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  flags: number;
}

export interface Span {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  parentSpanId: Uint8Array;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: Int64;
  endTimeUnixNano: Int64;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  status?: { code: number; message: string } | null;
}

export interface LogRecord {
  timeUnixNano: Int64;
  observedTimeUnixNano: Int64;
  severityNumber: number;
  severityText: string;
  body?: AnyValue | null;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  flags: number;
  traceId: Uint8Array;
  spanId: Uint8Array;
  eventName: string;
}

/** One data point of any metric type; which fields are set depends on the metric type. */
export interface DataPoint {
  attributes: KeyValue[];
  startTimeUnixNano: Int64;
  timeUnixNano: Int64;
  asDouble?: number;
  asInt?: Int64;
  [field: string]: unknown;
}

export interface Metric {
  name: string;
  description: string;
  unit: string;
  gauge?: { dataPoints: DataPoint[] };
  sum?: { dataPoints: DataPoint[]; aggregationTemporality: number; isMonotonic: boolean };
  histogram?: { dataPoints: DataPoint[]; aggregationTemporality: number };
  exponentialHistogram?: { dataPoints: DataPoint[]; aggregationTemporality: number };
  summary?: { dataPoints: DataPoint[] };
}

export interface ScopeSpans {
  scope?: InstrumentationScope | null;
  spans: Span[];
  schemaUrl: string;
}
export interface ScopeLogs {
  scope?: InstrumentationScope | null;
  logRecords: LogRecord[];
  schemaUrl: string;
}
export interface ScopeMetrics {
  scope?: InstrumentationScope | null;
  metrics: Metric[];
  schemaUrl: string;
}
export interface ResourceSpans {
  resource?: Resource | null;
  scopeSpans: ScopeSpans[];
  schemaUrl: string;
}
export interface ResourceLogs {
  resource?: Resource | null;
  scopeLogs: ScopeLogs[];
  schemaUrl: string;
}
export interface ResourceMetrics {
  resource?: Resource | null;
  scopeMetrics: ScopeMetrics[];
  schemaUrl: string;
}
/** The three OTLP signals. */
export type SignalName = 'traces' | 'logs' | 'metrics';

/** Milliseconds → the µs Jaeger speaks; Long nanoseconds → µs as a double-safe integer. */
export function nanosToMicros(ns: Int64): number {
  if (typeof ns === 'number') return Math.floor(ns / 1000);
  return ns.div(1000).toNumber();
}

/** end − start in whole microseconds, never negative; exact for 64-bit values (doubles lose ~256 ns at 2^60). */
export function durationMicros(start: Int64, end: Int64): number {
  if (typeof start === 'number' || typeof end === 'number') {
    const ns =
      (typeof end === 'number' ? end : end.toNumber()) -
      (typeof start === 'number' ? start : start.toNumber());
    return Math.max(0, Math.floor(ns / 1000));
  }
  return end.lessThan(start) ? 0 : end.subtract(start).div(1000).toNumber();
}

/** The `service.name` resource attribute, or OpenTelemetry's default for an unnamed service. */
export function serviceName(resource: Resource | null | undefined): string {
  const attrs = resource?.attributes;
  if (attrs) {
    for (const kv of attrs) {
      if (kv.key === 'service.name' && valueField(kv.value) === 'stringValue') return kv.value!.stringValue!;
    }
  }
  return 'unknown_service';
}

const VALUE_FIELDS = [
  'stringValue',
  'boolValue',
  'intValue',
  'doubleValue',
  'arrayValue',
  'kvlistValue',
  'bytesValue',
] as const;

/**
 * Which oneof field of an AnyValue is set. Decoded messages keep defaults on their prototype (every
 * field reads as set), so only own properties count.
 */
export function valueField(value: AnyValue | null | undefined): (typeof VALUE_FIELDS)[number] | undefined {
  if (!value) return undefined;
  return VALUE_FIELDS.find((field) => Object.prototype.hasOwnProperty.call(value, field));
}
