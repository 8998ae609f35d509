// A minimal OTLP/HTTP JSON receiver for integration tests: collects the spans, log records and metrics that
// services under test export with OTEL_EXPORTER_OTLP_PROTOCOL=http/json (ids are hex strings in OTLP/JSON).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP enum: 2 SERVER, 3 CLIENT. */
  kind: number;
  attributes: Record<string, unknown>;
}

export interface ReceivedLog {
  service: string;
  traceId: string;
  spanId: string;
  body: unknown;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

/** A histogram data point as OTLP/JSON carries it (64-bit integers as strings). */
export interface ReceivedHistogramPoint {
  attributes: OtlpAttribute[];
  startTimeUnixNano: string;
  timeUnixNano: string;
  count: string | number;
  min?: number;
  max?: number;
}

/** One metric of a metrics request, as OTLP/JSON carries it; only histograms are typed. */
export interface ReceivedMetric {
  name: string;
  /** aggregationTemporality: 1 DELTA, 2 CUMULATIVE. */
  histogram?: { aggregationTemporality: number; dataPoints: ReceivedHistogramPoint[] };
}

export interface OtlpJsonReceiver {
  /** Base endpoint for OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  spans: ReceivedSpan[];
  logs: ReceivedLog[];
  /** The metrics of each /v1/metrics request, in the order they came. */
  metricRequests: ReceivedMetric[][];
  close(): Promise<void>;
}

function attributeMap(attributes: OtlpAttribute[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of attributes ?? []) out[key] = Object.values(value)[0];
  return out;
}

export async function startOtlpJsonReceiver(): Promise<OtlpJsonReceiver> {
  const spans: ReceivedSpan[] = [];
  const logs: ReceivedLog[] = [];
  const metricRequests: ReceivedMetric[][] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const payload = JSON.parse(body || '{}');
      if (req.url === '/v1/traces') {
        for (const rs of payload.resourceSpans ?? []) {
          const service = String(attributeMap(rs.resource?.attributes)['service.name']);
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              spans.push({
                service,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ?? '',
                name: s.name,
                kind: s.kind,
                attributes: attributeMap(s.attributes),
              });
        }
      } else if (req.url === '/v1/logs') {
        for (const rl of payload.resourceLogs ?? []) {
          const service = String(attributeMap(rl.resource?.attributes)['service.name']);
          for (const sl of rl.scopeLogs ?? [])
            for (const l of sl.logRecords ?? [])
              logs.push({
                service,
                traceId: l.traceId ?? '',
                spanId: l.spanId ?? '',
                body: l.body?.stringValue,
              });
        }
      } else if (req.url === '/v1/metrics') {
        const metrics: ReceivedMetric[] = [];
        for (const rm of payload.resourceMetrics ?? [])
          for (const sm of rm.scopeMetrics ?? []) metrics.push(...(sm.metrics ?? []));
        metricRequests.push(metrics);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    logs,
    metricRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
