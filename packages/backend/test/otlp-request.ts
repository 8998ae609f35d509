// Builds small OTLP/JSON Export requests for the backend's integration tests.
import { randomBytes } from 'node:crypto';

export interface SpanFixture {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startMs?: number;
  durationMs?: number;
  attributes?: Record<string, string | number | boolean>;
  status?: { code: number; message?: string };
  links?: { traceId: string; spanId: string }[];
  events?: { name: string; timeMs: number; attributes?: Record<string, string> }[];
}

function attributes(record: Record<string, string | number | boolean> = {}): unknown[] {
  return Object.entries(record).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string'
        ? { stringValue: v }
        : typeof v === 'boolean'
          ? { boolValue: v }
          : Number.isInteger(v)
            ? { intValue: String(v) }
            : { doubleValue: v },
  }));
}

const nanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

/** A fresh random hex id of `bytes` bytes (unique per call: ids made in the same millisecond differ). */
export function hexId(bytes: 16 | 8): string {
  return randomBytes(bytes).toString('hex');
}

/** An ExportTraceServiceRequest body (OTLP/JSON) with one resource per service. */
export function traceRequest(
  byService: Record<string, SpanFixture[]>,
  resourceAttributes: Record<string, string> = {},
): unknown {
  return {
    resourceSpans: Object.entries(byService).map(([service, spans]) => ({
      resource: { attributes: attributes({ 'service.name': service, ...resourceAttributes }) },
      scopeSpans: [
        {
          scope: { name: 'test-scope', version: '1.0.0' },
          spans: spans.map((s) => {
            const start = s.startMs ?? Date.now() - 1000;
            return {
              traceId: s.traceId ?? hexId(16),
              spanId: s.spanId ?? hexId(8),
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name ?? 'op',
              kind: s.kind ?? 1,
              startTimeUnixNano: nanos(start),
              endTimeUnixNano: nanos(start + (s.durationMs ?? 10)),
              attributes: attributes(s.attributes),
              events: (s.events ?? []).map((e) => ({
                name: e.name,
                timeUnixNano: nanos(e.timeMs),
                attributes: attributes(e.attributes),
              })),
              links: s.links ?? [],
              ...(s.status ? { status: s.status } : {}),
            };
          }),
        },
      ],
    })),
  };
}

/** POSTs an OTLP/JSON body to the backend's OTLP/HTTP receiver. */
export async function postJson(
  port: number,
  signal: 'traces' | 'logs' | 'metrics',
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/v1/${signal}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
