// OTLP → Jaeger v1 JSON, mapped as the OpenTelemetry Collector's Jaeger translator does it.
import type { AnyValue, KeyValue } from '../../otlp/model.js';
import { nanosToMicros, valueField } from '../../otlp/model.js';
import type { StoredResource, StoredSpan } from '../../storage/store.js';
import { anyValueToJson } from '../otlp-json.js';

export interface JaegerKeyValue {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: string | boolean | number;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  flags: number;
  operationName: string;
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[];
  startTime: number;
  duration: number;
  tags: JaegerKeyValue[];
  logs: { timestamp: number; fields: JaegerKeyValue[] }[];
  processID: string;
  warnings: string[] | null;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerKeyValue[] }>;
  warnings: string[] | null;
}

const KIND_NAMES = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_NAMES = ['', 'OK', 'ERROR'];

/** Jaeger's span kind name for an OTLP kind number ('' for unspecified). */
export function spanKindName(kind: number): string {
  return KIND_NAMES[kind] ?? '';
}

/** The OTLP kind number for a Jaeger span kind name, or undefined for an unknown name. */
export function spanKindNumber(name: string): number | undefined {
  const index = KIND_NAMES.indexOf(name);
  return index > 0 ? index : undefined;
}

/** Jaeger prints a trace id whose high 64 bits are zero as 16 hex digits. */
export function jaegerTraceId(id: Uint8Array): string {
  const hex = Buffer.from(id).toString('hex');
  return hex.startsWith('0000000000000000') ? hex.slice(16) : hex;
}

function hex(id: Uint8Array): string {
  return Buffer.from(id).toString('hex');
}

function keyValue(key: string, value: AnyValue | null | undefined): JaegerKeyValue {
  switch (valueField(value)) {
    case undefined:
      return { key, type: 'string', value: '' };
    case 'stringValue':
      return { key, type: 'string', value: value!.stringValue! };
    case 'boolValue':
      return { key, type: 'bool', value: value!.boolValue! };
    case 'intValue':
      return { key, type: 'int64', value: Number(value!.intValue!.toString()) };
    case 'doubleValue':
      return { key, type: 'float64', value: value!.doubleValue! };
    case 'bytesValue':
      return { key, type: 'binary', value: Buffer.from(value!.bytesValue!).toString('base64') };
    default:
      // Arrays and maps are stringified as OTLP/JSON, as the Collector's translator does.
      return { key, type: 'string', value: JSON.stringify(anyValueToJson(value!)) };
  }
}

function keyValues(attributes: KeyValue[], skip?: string): JaegerKeyValue[] {
  const out: JaegerKeyValue[] = [];
  for (const kv of attributes) if (kv.key !== skip) out.push(keyValue(kv.key, kv.value));
  return out;
}

function str(key: string, value: string): JaegerKeyValue {
  return { key, type: 'string', value };
}

function spanTags(stored: StoredSpan): JaegerKeyValue[] {
  const { span, scope } = stored;
  const tags = keyValues(span.attributes);
  if (scope.scope.name) tags.push(str('otel.scope.name', scope.scope.name));
  if (scope.scope.version) tags.push(str('otel.scope.version', scope.scope.version));
  const kind = spanKindName(span.kind);
  if (kind) tags.push(str('span.kind', kind));
  const code = span.status?.code ?? 0;
  if (code !== 0) tags.push(str('otel.status_code', STATUS_NAMES[code] ?? String(code)));
  if (code === 2) tags.push({ key: 'error', type: 'bool', value: true });
  if (span.status?.message) tags.push(str('otel.status_description', span.status.message));
  if (span.traceState) tags.push(str('w3c.tracestate', span.traceState));
  return tags;
}

function toJaegerSpan(stored: StoredSpan, processID: string): JaegerSpan {
  const { span } = stored;
  const traceID = jaegerTraceId(span.traceId);
  const references: JaegerSpan['references'] = [];
  if (span.parentSpanId.length === 8) {
    references.push({ refType: 'CHILD_OF', traceID, spanID: hex(span.parentSpanId) });
  }
  for (const link of span.links) {
    references.push({
      refType: 'FOLLOWS_FROM',
      traceID: jaegerTraceId(link.traceId),
      spanID: hex(link.spanId),
    });
  }
  const startTime = nanosToMicros(span.startTimeUnixNano);
  return {
    traceID,
    spanID: hex(span.spanId),
    flags: span.flags & 0xff,
    operationName: span.name,
    references,
    startTime,
    duration: Math.max(0, nanosToMicros(span.endTimeUnixNano) - startTime),
    tags: spanTags(stored),
    logs: span.events.map((event) => {
      const fields = keyValues(event.attributes);
      if (event.name && !event.attributes.some((kv) => kv.key === 'event'))
        fields.push(str('event', event.name));
      return { timestamp: nanosToMicros(event.timeUnixNano), fields };
    }),
    processID,
    warnings: null,
  };
}

/** Builds one Jaeger trace from its stored spans; each distinct resource becomes a process p1, p2, … */
export function toJaegerTrace(spans: StoredSpan[]): JaegerTrace {
  const processIds = new Map<StoredResource, string>();
  const processes: JaegerTrace['processes'] = {};
  const jaegerSpans = spans.map((stored) => {
    let processID = processIds.get(stored.resource);
    if (!processID) {
      processID = `p${processIds.size + 1}`;
      processIds.set(stored.resource, processID);
      processes[processID] = {
        serviceName: stored.resource.serviceName,
        tags: keyValues(stored.resource.resource.attributes, 'service.name'),
      };
    }
    return toJaegerSpan(stored, processID);
  });
  return {
    traceID: jaegerSpans[0]?.traceID ?? '',
    spans: jaegerSpans,
    processes,
    warnings: null,
  };
}
