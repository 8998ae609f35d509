import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { context, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, TraceState, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import protobuf from 'protobufjs';
import { OtlpProtoSpanExporter } from './otlp-proto-span-exporter.js';

// The official OTLP .proto files, vendored once in the repository (packages/backend/proto).
const PROTO_DIR = fileURLToPath(new URL('../../../../backend/proto/', import.meta.url));

function requestType(): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => PROTO_DIR + target;
  root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
  return root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
}

/** A receiver that records each request body and answers with `statuses` in turn, then 200. */
async function startReceiver(
  statuses: number[] = [],
): Promise<{ url: string; bodies: Buffer[]; server: Server }> {
  const bodies: Buffer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/x-protobuf', 'retry-after': '0' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, bodies, server };
}

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

/** Spans that exercise every field: attribute types, events, links, status, remote parent, two scopes. */
function makeSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'encoder-test', 'host.cpus': 2, 'ü.key': 'välue' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const parent = trace.setSpanContext(context.active(), {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=value,other=1'),
  });
  const tracer = provider.getTracer('scope-a', '1.2.3');
  const server = tracer.startSpan(
    'GET /users/:id',
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'url.path': '/users/42',
        'server.port': 8080,
        'network.peer.port': 54_321,
        'big.int': 2 ** 40 + 7,
        'negative.int': -42,
        'huge.negative': -(2 ** 52),
        ratio: 0.25,
        flag: true,
        off: false,
        'http.request.header.accept': ['application/json', 'text/plain'],
        numbers: [1, 2.5, -3],
        bools: [true, false],
        'long.text': 'x'.repeat(300),
        'multi.byte': 'ελληνικά και 日本語 '.repeat(4),
      },
    },
    parent,
  );
  server.addEvent('exception', { 'exception.type': 'TypeError', 'exception.message': 'boom' });
  server.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  server.end();
  const child = tracer.startSpan(
    'load user',
    {
      links: [{ context: server.spanContext(), attributes: { reason: 'follows' } }],
    },
    trace.setSpan(context.active(), server),
  );
  child.setStatus({ code: SpanStatusCode.OK });
  child.end();
  const other = provider.getTracer('scope-b');
  // Repeating values (served from the encoder's attribute cache once seen), a key that varies too much to cache
  // (job.index), one that goes past the per-key limit halfway through (job.route) and mixed value types.
  for (let i = 0; i < 200; i++) {
    const attributes = {
      'job.kind': i % 3 === 0 ? 'a' : 'b',
      'job.index': i,
      'job.ok': i % 2 === 0,
      'job.weight': (i % 5) + 0.5,
      'job.route': `/r/${i % 80}`,
      'job.same': i % 4 === 0 ? '7' : 7,
      'job.tags': ['x', String(i % 2)],
    };
    other.startSpan(`job ${i}`, { kind: SpanKind.CONSUMER, attributes }).end();
  }
  // More distinct keys than the cache keeps (1,024): the ones past its limit are encoded every time.
  for (let i = 0; i < 10; i++) {
    const attributes: Record<string, string> = {};
    for (let k = 0; k < 120; k++) attributes[`key.${i}.${k}`] = 'v';
    other.startSpan(`wide ${i}`, { attributes }).end();
  }
  return memory.getFinishedSpans();
}

describe('OtlpProtoSpanExporter', () => {
  const Request = requestType();
  const decode = (body: Buffer): unknown =>
    Request.toObject(Request.decode(body), { longs: String, bytes: String, defaults: true, enums: Number });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  before(async () => {
    receiver = await startReceiver();
  });

  after(() => new Promise<void>((resolve) => receiver.server.close(() => resolve())));

  it('sends what the official OTLP proto exporter sends, field by field', async () => {
    const spans = makeSpans();
    const official = new OTLPTraceExporter({ url: receiver.url });
    const ours = new OtlpProtoSpanExporter({ url: receiver.url, headers: {}, timeoutMillis: 5000 });
    assert.equal((await exportWith(official, spans)).code, ExportResultCode.SUCCESS);
    assert.equal((await exportWith(ours, spans)).code, ExportResultCode.SUCCESS);
    // Again: now the repeating attributes come from the encoder's cache.
    assert.equal((await exportWith(ours, spans)).code, ExportResultCode.SUCCESS);
    await Promise.all([official.shutdown(), ours.shutdown()]);

    const [theirs, mine, mineAgain] = receiver.bodies.slice(-3).map(decode);
    assert.deepEqual(mine, theirs);
    assert.deepEqual(mineAgain, theirs);
    // The comparison covers what matters: a big message, both scopes, attributes of every kind.
    const request = theirs as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
    assert.equal(request.resourceSpans[0]!.scopeSpans.length, 2);
    assert.equal(request.resourceSpans[0]!.scopeSpans[1]!.spans.length, 210);
  });

  it('retries a 503 and reports success once the receiver accepts', async () => {
    const flaky = await startReceiver([503]);
    const exporter = new OtlpProtoSpanExporter({
      url: flaky.url,
      headers: { 'x-key': 'k' },
      timeoutMillis: 5000,
    });
    const result = await exportWith(exporter, makeSpans().slice(0, 1));
    await exporter.shutdown();
    flaky.server.close();
    assert.equal(result.code, ExportResultCode.SUCCESS);
    assert.equal(flaky.bodies.length, 2);
  });

  it('fails without retrying a 400', async () => {
    const rejecting = await startReceiver([400]);
    const exporter = new OtlpProtoSpanExporter({ url: rejecting.url, headers: {}, timeoutMillis: 5000 });
    const result = await exportWith(exporter, makeSpans().slice(0, 1));
    await exporter.shutdown();
    rejecting.server.close();
    assert.equal(result.code, ExportResultCode.FAILED);
    assert.match(String(result.error), /HTTP 400/);
    assert.equal(rejecting.bodies.length, 1);
  });

  it('fails when the receiver is unreachable', async () => {
    const gone = await startReceiver();
    await new Promise<void>((resolve) => gone.server.close(() => resolve()));
    const exporter = new OtlpProtoSpanExporter({ url: gone.url, headers: {}, timeoutMillis: 2000 });
    const result = await exportWith(exporter, makeSpans().slice(0, 1));
    await exporter.shutdown();
    assert.equal(result.code, ExportResultCode.FAILED);
  });
});
