// Builds OTLP/JSON trace and log payloads from compact span descriptions and posts them to a receiver,
// the way an SDK's OTLP/HTTP JSON exporter would.

export interface SpanSpec {
  service: string;
  spanId: string;
  parentId?: string;
  name: string;
  /** OTLP span kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Offsets from the trace start, in ms. */
  startMs: number;
  durationMs: number;
  attributes?: Record<string, string | number | boolean>;
  error?: string;
  events?: { name: string; atMs: number; attributes?: Record<string, string> }[];
  links?: { traceId: string; spanId: string }[];
}

export interface LogSpec {
  service: string;
  spanId?: string;
  atMs: number;
  severityNumber: number;
  severityText: string;
  body: string;
}

type AnyValue =
  { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

function anyValue(v: string | number | boolean): AnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

function attributes(map: Record<string, string | number | boolean> = {}): { key: string; value: AnyValue }[] {
  return Object.entries(map).map(([key, value]) => ({ key, value: anyValue(value) }));
}

function nanos(baseMs: number, offsetMs: number): string {
  return (BigInt(Math.round((baseMs + offsetMs) * 1000)) * 1000n).toString();
}

function byService<T extends { service: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(item.service);
    if (list) list.push(item);
    else groups.set(item.service, [item]);
  }
  return groups;
}

const resource = (service: string) => ({
  attributes: attributes({ 'service.name': service, 'service.version': '1.4.2', 'host.name': 'test-host' }),
});
const scope = { name: 'skein-ui-test', version: '0.1.0' };

/** An ExportTraceServiceRequest in OTLP/JSON for one trace starting at `baseMs`. */
export function traceRequest(traceId: string, baseMs: number, spans: SpanSpec[]): unknown {
  return {
    resourceSpans: [...byService(spans)].map(([service, list]) => ({
      resource: resource(service),
      scopeSpans: [
        {
          scope,
          spans: list.map((s) => ({
            traceId,
            spanId: s.spanId,
            parentSpanId: s.parentId ?? '',
            name: s.name,
            kind: s.kind,
            startTimeUnixNano: nanos(baseMs, s.startMs),
            endTimeUnixNano: nanos(baseMs, s.startMs + s.durationMs),
            attributes: attributes(s.attributes),
            events: (s.events ?? []).map((e) => ({
              name: e.name,
              timeUnixNano: nanos(baseMs, e.atMs),
              attributes: attributes(e.attributes),
            })),
            links: (s.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: [] })),
            status: s.error ? { code: 2, message: s.error } : { code: 1 },
          })),
        },
      ],
    })),
  };
}

/** An ExportLogsServiceRequest in OTLP/JSON for logs of one trace. */
export function logsRequest(traceId: string, baseMs: number, logs: LogSpec[]): unknown {
  return {
    resourceLogs: [...byService(logs)].map(([service, list]) => ({
      resource: resource(service),
      scopeLogs: [
        {
          scope,
          logRecords: list.map((l) => ({
            timeUnixNano: nanos(baseMs, l.atMs),
            observedTimeUnixNano: nanos(baseMs, l.atMs),
            severityNumber: l.severityNumber,
            severityText: l.severityText,
            body: { stringValue: l.body },
            traceId: l.spanId ? traceId : '',
            spanId: l.spanId ?? '',
            attributes: [],
          })),
        },
      ],
    })),
  };
}

/** POSTs an OTLP/JSON body to `/v1/{signal}` and fails on anything but 200. */
export async function postOtlp(
  endpoint: string,
  signal: 'traces' | 'logs',
  body: unknown,
  token?: string,
): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${endpoint}/v1/${signal}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  if (res.status !== 200)
    throw new Error(`OTLP ${signal} export answered ${res.status}: ${await res.text()}`);
}
