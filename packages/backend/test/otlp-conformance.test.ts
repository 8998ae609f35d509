// One suite of round-trip cases run against every OTLP protocol: the official OpenTelemetry JS exporters
// send spans, logs and metrics with every field type; the native API must return them unchanged.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { context, SpanKind, SpanStatusCode, trace, TraceFlags, type HrTime } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as LogsGrpc } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as LogsJson } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as LogsProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as MetricsGrpc } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as MetricsJson } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as MetricsProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as TraceGrpc } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as TraceJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as TraceProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { startBackend, type RunningBackend } from '../src/index.js';

type Protocol = 'grpc' | 'http/protobuf' | 'http/json';

interface Exporters {
  spans: SpanExporter;
  logs: LogRecordExporter;
  metrics: PushMetricExporter;
}

function exportersFor(protocol: Protocol, backend: RunningBackend): Exporters {
  const http = (signal: string) => ({ url: `http://127.0.0.1:${backend.httpPort}/v1/${signal}` });
  const grpc = { url: `http://127.0.0.1:${backend.grpcPort}`, compression: 'gzip' as never };
  if (protocol === 'grpc') {
    return { spans: new TraceGrpc(grpc), logs: new LogsGrpc(grpc), metrics: new MetricsGrpc(grpc) };
  }
  if (protocol === 'http/protobuf') {
    return {
      spans: new TraceProto({ ...http('traces'), compression: 'gzip' as never }),
      logs: new LogsProto(http('logs')),
      metrics: new MetricsProto(http('metrics')),
    };
  }
  return {
    spans: new TraceJson(http('traces')),
    logs: new LogsJson(http('logs')),
    metrics: new MetricsJson(http('metrics')),
  };
}

const nowSeconds = Math.floor(Date.now() / 1000) - 60;
const hr = (offsetMs: number, nanos: number): HrTime => [nowSeconds + Math.floor(offsetMs / 1000), nanos];
const nanos = (t: HrTime): string => (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString();

const ATTRIBUTES = {
  str: 'text',
  yes: true,
  count: 42,
  ratio: 1.5,
  words: ['a', 'b'],
  flags: [true, false],
  nums: [1, 2],
  reals: [0.25],
};
const EXPECTED_ATTRIBUTES = [
  { key: 'str', value: { stringValue: 'text' } },
  { key: 'yes', value: { boolValue: true } },
  { key: 'count', value: { intValue: '42' } },
  { key: 'ratio', value: { doubleValue: 1.5 } },
  { key: 'words', value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } } },
  { key: 'flags', value: { arrayValue: { values: [{ boolValue: true }, { boolValue: false }] } } },
  { key: 'nums', value: { arrayValue: { values: [{ intValue: '1' }, { intValue: '2' }] } } },
  { key: 'reals', value: { arrayValue: { values: [{ doubleValue: 0.25 }] } } },
];

async function api(backend: RunningBackend, path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${backend.uiPort}${path}`);
  assert.equal(res.status, 200, `${path} → ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as Record<string, unknown>;
}

function nameAndVersion(scope: unknown): unknown[] {
  const { name, version } = scope as { name: string; version: string };
  return [name, version];
}

const PROTOCOLS: Protocol[] = ['grpc', 'http/protobuf', 'http/json'];

for (const protocol of PROTOCOLS) {
  describe(`OTLP round trip over ${protocol}`, () => {
    let backend: RunningBackend;
    let dataDir: string;
    let exporters: Exporters;
    const service = `conformance-${protocol.replace('/', '-')}`;
    const resource = resourceFromAttributes({
      'service.name': service,
      'host.arch': 'amd64',
      'process.pid': 7,
    });

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'skein-conformance-'));
      backend = await startBackend({ grpcPort: 0, httpPort: 0, uiPort: 0, dataDir, log: () => {} });
      exporters = exportersFor(protocol, backend);
    });
    after(async () => {
      await backend.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('spans come back with every field unchanged', async () => {
      const provider = new BasicTracerProvider({
        resource,
        spanProcessors: [new SimpleSpanProcessor(exporters.spans)],
      });
      const tracer = provider.getTracer('conformance-scope', '1.2.3');
      const root = tracer.startSpan('GET /orders/:id', { kind: SpanKind.SERVER, startTime: hr(0, 111) });
      const rootCtx = root.spanContext();
      const parent = trace.setSpanContext(context.active(), {
        ...rootCtx,
        traceState: undefined,
      });
      const linkTarget = {
        traceId: 'abcdef0123456789abcdef0123456789',
        spanId: '0123456789abcdef',
        traceFlags: TraceFlags.SAMPLED,
      };
      const child = tracer.startSpan(
        'SELECT orders',
        {
          kind: SpanKind.CLIENT,
          attributes: ATTRIBUTES,
          startTime: hr(1, 222),
          links: [{ context: linkTarget, attributes: { why: 'batch' } }],
        },
        parent,
      );
      child.addEvent('cache miss', { key: 'order:7' }, hr(2, 333));
      child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock' });
      child.end(hr(3, 444));
      root.setStatus({ code: SpanStatusCode.OK });
      root.end(hr(5, 555));
      await provider.forceFlush();
      await provider.shutdown();

      const body = await api(backend, `/api/skein/traces/${rootCtx.traceId}`);
      const spans = body.spans as {
        service: string;
        resource: unknown;
        scope: unknown;
        span: Record<string, unknown>;
      }[];
      assert.equal(spans.length, 2);
      const first = spans.find((x) => x.span.name === 'GET /orders/:id');
      const second = spans.find((x) => x.span.name === 'SELECT orders');
      assert.equal(first!.service, service);
      assert.deepEqual((first!.resource as { attributes: unknown }).attributes, [
        { key: 'service.name', value: { stringValue: service } },
        { key: 'host.arch', value: { stringValue: 'amd64' } },
        { key: 'process.pid', value: { intValue: '7' } },
      ]);
      assert.deepEqual(nameAndVersion(first!.scope), ['conformance-scope', '1.2.3']);
      assert.equal(first!.span.name, 'GET /orders/:id');
      assert.equal(first!.span.kind, 2);
      assert.equal(first!.span.parentSpanId, undefined);
      assert.deepEqual(first!.span.status, { code: 1 });
      const s = second!.span;
      assert.equal(s.traceId, rootCtx.traceId);
      assert.equal(s.parentSpanId, rootCtx.spanId);
      assert.equal(s.name, 'SELECT orders');
      assert.equal(s.kind, 3);
      assert.equal(s.startTimeUnixNano, nanos(hr(1, 222)));
      assert.equal(s.endTimeUnixNano, nanos(hr(3, 444)));
      assert.equal((s.flags as number) & 0xff, TraceFlags.SAMPLED);
      assert.deepEqual(s.attributes, EXPECTED_ATTRIBUTES);
      const events = s.events as Record<string, unknown>[];
      assert.deepEqual(
        events.map((e) => [e.timeUnixNano, e.name, e.attributes]),
        [[nanos(hr(2, 333)), 'cache miss', [{ key: 'key', value: { stringValue: 'order:7' } }]]],
      );
      const links = s.links as Record<string, unknown>[];
      assert.equal(links.length, 1);
      assert.equal(links[0]!.traceId, linkTarget.traceId);
      assert.equal(links[0]!.spanId, linkTarget.spanId);
      assert.deepEqual(links[0]!.attributes, [{ key: 'why', value: { stringValue: 'batch' } }]);
      assert.deepEqual(s.status, { message: 'deadlock', code: 2 });
    });

    test('logs come back with body and attributes of every type, times, severity and ids', async () => {
      const provider = new LoggerProvider({
        resource,
        processors: [new SimpleLogRecordProcessor({ exporter: exporters.logs })],
      });
      const logger = provider.getLogger('log-scope', '0.1.0');
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const spanId = 'b7ad6b7169203331';
      const ctx = trace.setSpanContext(context.active(), { traceId, spanId, traceFlags: TraceFlags.SAMPLED });
      logger.emit({
        timestamp: hr(0, 1),
        observedTimestamp: hr(0, 2),
        severityNumber: SeverityNumber.WARN,
        severityText: 'WARN',
        body: { message: 'slow query', ms: 812, tags: ['db', 'slow'] },
        attributes: { ...ATTRIBUTES, raw: new Uint8Array([0, 1, 254]), nested: { depth: 2 } },
        context: ctx,
      });
      await provider.forceFlush();
      await provider.shutdown();

      const body = await api(backend, `/api/skein/logs?traceId=${traceId}&service=${service}`);
      const logs = body.logs as { log: Record<string, unknown>; scope: unknown }[];
      assert.equal(logs.length, 1);
      const log = logs[0]!.log;
      assert.deepEqual(nameAndVersion(logs[0]!.scope), ['log-scope', '0.1.0']);
      assert.equal(log.timeUnixNano, nanos(hr(0, 1)));
      assert.equal(log.observedTimeUnixNano, nanos(hr(0, 2)));
      assert.equal(log.severityNumber, SeverityNumber.WARN);
      assert.equal(log.severityText, 'WARN');
      assert.equal(log.traceId, traceId);
      assert.equal(log.spanId, spanId);
      assert.equal(log.flags, TraceFlags.SAMPLED);
      assert.deepEqual(log.body, {
        kvlistValue: {
          values: [
            { key: 'message', value: { stringValue: 'slow query' } },
            { key: 'ms', value: { intValue: '812' } },
            {
              key: 'tags',
              value: { arrayValue: { values: [{ stringValue: 'db' }, { stringValue: 'slow' }] } },
            },
          ],
        },
      });
      assert.deepEqual(log.attributes, [
        ...EXPECTED_ATTRIBUTES,
        { key: 'raw', value: { bytesValue: Buffer.from([0, 1, 254]).toString('base64') } },
        { key: 'nested', value: { kvlistValue: { values: [{ key: 'depth', value: { intValue: '2' } }] } } },
      ]);
      const byText = await api(backend, `/api/skein/logs?service=${service}&q=slow%20query&minSeverity=13`);
      assert.equal((byText.logs as unknown[]).length, 1);
    });

    test('sums, gauges and histograms are stored and queryable per service and name', async () => {
      const reader = new PeriodicExportingMetricReader({
        exporter: exporters.metrics,
        exportIntervalMillis: 3_600_000,
      });
      const provider = new MeterProvider({ resource, readers: [reader] });
      const meter = provider.getMeter('metric-scope', '2.0.0');
      meter.createCounter('orders.placed', { unit: '{order}' }).add(3, { region: 'eu' });
      meter.createGauge('queue.depth').record(17.5);
      meter
        .createHistogram('http.server.request.duration', {
          unit: 's',
          advice: { explicitBucketBoundaries: [0.1, 1] },
        })
        .record(0.5, { 'http.route': '/orders' });
      await reader.forceFlush();
      await provider.shutdown();

      const names = await api(backend, `/api/skein/metrics?service=${service}`);
      assert.deepEqual(
        (names.metrics as { name: string }[]).map((m) => m.name),
        ['http.server.request.duration', 'orders.placed', 'queue.depth'],
      );
      const points = async (name: string) =>
        (await api(backend, `/api/skein/metrics/points?service=${service}&name=${name}`)).points as {
          type: string;
          unit: string;
          isMonotonic: boolean;
          point: Record<string, unknown>;
        }[];
      const [sum] = await points('orders.placed');
      assert.equal(sum!.type, 'sum');
      assert.equal(sum!.unit, '{order}');
      assert.equal(sum!.isMonotonic, true);
      assert.equal(
        (sum!.point as { asInt?: string; asDouble?: number }).asDouble ??
          Number((sum!.point as { asInt: string }).asInt),
        3,
      );
      assert.deepEqual((sum!.point as { attributes: unknown }).attributes, [
        { key: 'region', value: { stringValue: 'eu' } },
      ]);
      const [gauge] = await points('queue.depth');
      assert.equal(gauge!.type, 'gauge');
      assert.equal((gauge!.point as { asDouble: number }).asDouble, 17.5);
      const [histogram] = await points('http.server.request.duration');
      assert.equal(histogram!.type, 'histogram');
      const h = histogram!.point as Record<string, unknown>;
      assert.equal(h.count, '1');
      assert.equal(h.sum, 0.5);
      assert.deepEqual(h.explicitBounds, [0.1, 1]);
      assert.deepEqual(h.bucketCounts, ['0', '1', '0']);
      assert.equal(h.min, 0.5);
      assert.equal(h.max, 0.5);
    });
  });
}
