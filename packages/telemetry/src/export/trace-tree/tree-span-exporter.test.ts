import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { context, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TreeSpanExporter } from './tree-span-exporter.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

function setup(maxBufferedSpans?: number): { tracer: Tracer; printed: string[]; exporter: TreeSpanExporter } {
  const printed: string[] = [];
  const exporter = new TreeSpanExporter({
    color: false,
    write: (text) => printed.push(text),
    maxBufferedSpans,
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return { tracer: provider.getTracer('test'), printed, exporter };
}

function names(text: string): string[] {
  return text
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.slice(16));
}

describe('TreeSpanExporter', () => {
  test('prints nothing until the local root ends, then the whole tree once', () => {
    const { tracer, printed } = setup();
    tracer.startActiveSpan('GET /orders', (root) => {
      tracer.startActiveSpan('SELECT orders', (child) => {
        tracer.startSpan('parse').end();
        child.end();
      });
      assert.deepEqual(printed, []);
      root.end();
    });
    assert.equal(printed.length, 1);
    assert.deepEqual(names(printed[0]!), ['GET /orders', '└─ SELECT orders', '   └─ parse']);
  });

  test('a span under a remote parent is a local root: its subtree prints alone', () => {
    const { tracer, printed } = setup();
    const remote = trace.setSpanContext(context.active(), {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    tracer.startActiveSpan('POST /charges', {}, remote, (server) => {
      tracer.startSpan('charge card').end();
      server.end();
    });
    assert.equal(printed.length, 1);
    assert.match(printed[0]!, /^Trace 0af7651916cd43dd8448eb211c80319c /);
    assert.deepEqual(names(printed[0]!), [
      'POST /charges  (parent b7ad6b7169203331 not shown)',
      '└─ charge card',
    ]);
  });

  test('spans whose root never ends here print on shutdown, and past the buffer limit', async () => {
    const { tracer, printed, exporter } = setup(2);
    const root = tracer.startSpan('long job');
    const ctx = trace.setSpan(context.active(), root);
    tracer.startSpan('step 1', {}, ctx).end();
    tracer.startSpan('step 2', {}, ctx).end();
    assert.equal(printed.length, 0);
    tracer.startSpan('step 3', {}, ctx).end();
    assert.equal(printed.length, 1, 'a third waiting span exceeds the limit of 2');
    assert.deepEqual(names(printed[0]!).length, 3);
    tracer.startSpan('step 4', {}, ctx).end();
    await exporter.shutdown();
    assert.equal(printed.length, 2);
    assert.match(printed[1]!, /step 4 {2}\(parent [0-9a-f]{16} not shown\)/);
  });
});
