// Finished spans that exercise every field of the OTLP encoding, for the exporter and processor tests: attribute
// types, events, links, status, a remote parent with tracestate, several scopes and resources, a span past 16 KiB,
// and spans of Skein's lean tracer.
import { context, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { DEFAULT_SPAN_LIMITS, LeanTracer } from '../src/span/lean-tracer.js';

export function sampleSpans(): ReadableSpan[] {
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
        'mid.multi': 'ελληνικά και 日本語',
        'short.multi': 'välue',
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
  // Many spans of one scope: repeating and varying values, mixed value types, arrays.
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
  // Wide spans: many distinct keys.
  for (let i = 0; i < 10; i++) {
    const attributes: Record<string, string> = {};
    for (let k = 0; k < 120; k++) attributes[`key.${i}.${k}`] = 'v';
    other.startSpan(`wide ${i}`, { attributes }).end();
  }
  // A span past 16 KiB, whose length takes three varint bytes.
  other.startSpan('huge', { attributes: { blob: 'y'.repeat(20_000) } }).end();
  // Spans of Skein's lean tracer, which the encoder reads through their own fields: a root SERVER span with an
  // error and a child, with sub-millisecond times that take the nanosecond rounding the SDK applies.
  const lean = new LeanTracer({
    resource: resourceFromAttributes({ 'service.name': 'lean-scope' }),
    scope: { name: 'scope-lean', version: '0.1.0' },
    sampler: new AlwaysOnSampler(),
    limits: DEFAULT_SPAN_LIMITS,
    processors: [new SimpleSpanProcessor(memory)],
  });
  const leanServer = lean.startSpan('POST /orders', {
    kind: SpanKind.SERVER,
    startTime: 1_700_000_000_123 + 0.456_789,
    attributes: { 'http.request.method': 'POST', 'url.path': '/orders', 'server.port': 8080 },
  });
  lean.startSpan('price', {}, trace.setSpan(context.active(), leanServer)).end();
  leanServer.recordException(new RangeError('no stock'));
  leanServer.setStatus({ code: SpanStatusCode.ERROR, message: 'no stock' });
  leanServer.end(1_700_000_000_999 + 0.987_654);
  return memory.getFinishedSpans();
}
