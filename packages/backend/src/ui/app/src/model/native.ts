// Shapes of the backend's native API (/api/skein/…, docs/api.md) that the UI reads, and their mapping
// into what the pages show.

/** An OTLP/JSON AnyValue. */
type AnyValue = Record<string, unknown>;

export interface OtlpKeyValue {
  key: string;
  value?: AnyValue;
}

/** `GET /api/skein/traces/{id}/spans/{spanId}`: one span in OTLP/JSON with its resource and scope. */
export interface NativeSpan {
  service: string;
  resource: { attributes?: OtlpKeyValue[] };
  scope: { name?: string; version?: string };
  span: {
    spanId: string;
    parentSpanId?: string;
    attributes?: OtlpKeyValue[];
    status?: { code?: number; message?: string };
    events?: { timeUnixNano?: string; name?: string; attributes?: OtlpKeyValue[] }[];
    links?: { traceId: string; spanId: string }[];
  };
}

interface OtlpLogRecord {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  body?: AnyValue;
  traceId?: string;
  spanId?: string;
}

export interface LogRecord {
  /** Microseconds since the epoch. */
  timestamp: number;
  severityText: string;
  severityNumber: number;
  body: string;
  service: string;
  traceId: string | undefined;
  spanId: string | undefined;
}

/** An AnyValue as text: strings as they are, everything else as JSON. */
export function anyValueText(value: AnyValue | undefined): string {
  if (!value) return '';
  if (typeof value.stringValue === 'string') return value.stringValue;
  const inner = Object.values(value)[0];
  return typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean'
    ? String(inner)
    : JSON.stringify(inner);
}

/** Nanoseconds since the epoch (OTLP/JSON string) → microseconds. */
export function nanosToMicros(nanos: string | undefined): number {
  if (!nanos) return 0;
  return Number(BigInt(nanos) / 1000n);
}

/** `GET /api/skein/logs` body → log records, oldest first. */
export function toLogRecords(body: unknown): LogRecord[] {
  const logs = (body as { logs?: { service: string; log: OtlpLogRecord }[] }).logs ?? [];
  return logs
    .map(({ service, log }) => ({
      timestamp: nanosToMicros(
        log.timeUnixNano && log.timeUnixNano !== '0' ? log.timeUnixNano : log.observedTimeUnixNano,
      ),
      severityText: log.severityText ?? '',
      severityNumber: log.severityNumber ?? 0,
      body: anyValueText(log.body),
      service,
      traceId: log.traceId || undefined,
      spanId: log.spanId || undefined,
    }))
    .sort((a, b) => a.timestamp - b.timestamp);
}

/** One bucket of `GET /api/skein/red`; percentiles in µs, null for an empty bucket. */
export interface RedBucket {
  start: number;
  count: number;
  errors: number;
  rate: number;
  errorRate: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface RedResponse {
  service: string;
  step: number;
  buckets: RedBucket[];
  operations?: (RedBucket & { operation: string })[];
}

export interface ServiceGraph {
  nodes: { service: string }[];
  edges: { parent: string; child: string; callCount: number; errorCount: number }[];
}
