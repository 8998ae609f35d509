import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  context,
  ROOT_CONTEXT,
  SamplingDecision,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { suppressTracing, TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import { DEFAULT_SPAN_LIMITS, LeanTracer, startSpanAdopting, type LeanSpanLimits } from './lean-tracer.js';

const resource = resourceFromAttributes({ 'service.name': 'lean-test' });

/** The SDK's tracer and the lean tracer with the same sampler and limits, each exporting to memory. */
function tracers(limits: Partial<LeanSpanLimits> = {}, sampler: Sampler = new AlwaysOnSampler()) {
  const all = { ...DEFAULT_SPAN_LIMITS, ...limits };
  const sdkExporter = new InMemorySpanExporter();
  const leanExporter = new InMemorySpanExporter();
  const sdk = new BasicTracerProvider({
    resource,
    sampler,
    spanLimits: all,
    spanProcessors: [new SimpleSpanProcessor(sdkExporter)],
  }).getTracer('lean-test');
  const lean = new LeanTracer({
    resource,
    scope: { name: 'lean-test' },
    sampler,
    limits: all,
    processors: [new SimpleSpanProcessor(leanExporter)],
  });
  return {
    sdk,
    lean,
    sdkSpans: () => sdkExporter.getFinishedSpans(),
    leanSpans: () => leanExporter.getFinishedSpans(),
  };
}

/** What a span carries apart from its ids and clock readings. */
function content(span: ReadableSpan) {
  return {
    name: span.name,
    kind: span.kind,
    attributes: span.attributes,
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((e) => ({
      name: e.name,
      attributes: e.attributes,
      droppedAttributesCount: e.droppedAttributesCount,
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links,
    droppedLinksCount: span.droppedLinksCount,
    status: span.status,
    traceFlags: span.spanContext().traceFlags,
    parent: span.parentSpanContext?.spanId,
    scope: span.instrumentationScope.name,
    resource: span.resource.attributes,
    ended: span.ended,
  };
}

/** Runs the same script on both tracers and returns the spans each exported. */
function both(script: (tracer: Tracer) => void, limits?: Partial<LeanSpanLimits>) {
  const t = tracers(limits);
  script(t.sdk);
  script(t.lean);
  return { sdk: t.sdkSpans(), lean: t.leanSpans() };
}

const linked = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
};

describe('LeanTracer', () => {
  it('records what the SDK records for attributes, events, exceptions, links, status and name', () => {
    const error = new TypeError('bad input');
    const { sdk, lean } = both((tracer) => {
      const span = tracer.startSpan('GET', {
        kind: SpanKind.SERVER,
        attributes: { 'url.path': '/a', n: 1, ok: true, list: ['x', 'y'], bad: {} as never, '': 'no key' },
        links: [{ context: linked, attributes: { reason: 'retry' } }],
      });
      span.updateName('GET /a');
      span.setAttribute('http.response.status_code', 200);
      span.setAttribute('nothing', undefined as never);
      span.setAttributes({ a: 'b', c: [1, 2] });
      span.addEvent('cache.miss', { key: 'k' });
      span.recordException(error);
      span.recordException('a plain message');
      span.addLink({ context: { ...linked, spanId: '00f067aa0ba902b7' } });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'bad input' });
      span.setStatus({ code: SpanStatusCode.UNSET });
      span.end();
      // Operations after end change nothing.
      span.setAttribute('late', 1);
      span.updateName('late');
      span.addEvent('late');
      span.setStatus({ code: SpanStatusCode.OK });
      span.end();
    });
    assert.equal(lean.length, 1);
    assert.deepEqual(content(lean[0]!), content(sdk[0]!));
    assert.equal(lean[0]!.attributes['late'], undefined);
  });

  it('applies the attribute, event and link limits as the SDK does', () => {
    const { sdk, lean } = both(
      (tracer) => {
        const span = tracer.startSpan('limits', {
          attributes: { a: 'abcdefghij', b: ['0123456789', 'x'], c: 3 },
          links: [1, 2, 3].map((i) => ({ context: { ...linked, spanId: `00000000000000${i}${i}` } })),
        });
        span.setAttribute('d', 'over the count limit');
        span.setAttribute('a', 'replaced, not counted twice');
        for (let i = 0; i < 4; i++) span.addEvent(`e${i}`, { x: 1, y: 2, z: 3 });
        span.end();
      },
      {
        attributeCountLimit: 3,
        attributeValueLengthLimit: 4,
        eventCountLimit: 2,
        linkCountLimit: 2,
        attributePerEventCountLimit: 2,
      },
    );
    assert.deepEqual(content(lean[0]!), content(sdk[0]!));
    assert.deepEqual(lean[0]!.attributes, { a: 'repl', b: ['0123', 'x'], c: 3 });
    assert.equal(lean[0]!.droppedAttributesCount, 1);
    assert.deepEqual(
      lean[0]!.events.map((e) => e.name),
      ['e2', 'e3'],
    );
  });

  it('keeps an adopted attributes object only when it is valid and within the limits, else copies as the SDK does', () => {
    const cases: { attributes: Attributes; limits?: Partial<LeanSpanLimits>; kept: boolean }[] = [
      { attributes: { 'http.request.method': 'GET', 'server.port': 80, ok: true }, kept: true },
      { attributes: { 'network.peer.address': undefined, 'url.path': '/a' }, kept: false },
      { attributes: { list: ['x'], n: 1 }, kept: false },
      { attributes: { '': 'no key', n: 1 }, kept: false },
      { attributes: { a: 'abcdefgh', n: 1 }, limits: { attributeValueLengthLimit: 3 }, kept: false },
      { attributes: { a: 1, b: 2, c: 3 }, limits: { attributeCountLimit: 2 }, kept: false },
    ];
    for (const { attributes, limits, kept } of cases) {
      const t = tracers(limits);
      // Then an event, a link and one more attribute: the lean span gets its own arrays, adopted or not.
      for (const span of [
        t.sdk.startSpan('s', { attributes: { ...attributes } }),
        startSpanAdopting(t.lean, 's', { attributes }, ROOT_CONTEXT),
      ]) {
        span.addEvent('e');
        span.addLink({ context: linked });
        span.setAttribute('later', 1);
        span.end();
      }
      const sdkSpan = t.sdkSpans()[0]!;
      const lean = t.leanSpans()[0]!;
      assert.deepEqual(lean.attributes, sdkSpan.attributes, JSON.stringify(attributes));
      assert.equal(lean.droppedAttributesCount, sdkSpan.droppedAttributesCount);
      assert.equal(lean.attributes === attributes, kept, JSON.stringify(attributes));
      assert.deepEqual(
        lean.events.map((e) => e.name),
        ['e'],
      );
      assert.equal(lean.links.length, 1);
    }
    // A span that recorded no event or link shares the empty arrays, which nobody can change.
    const t = tracers();
    t.lean.startSpan('plain').end();
    const plain = t.leanSpans()[0]!;
    assert.deepEqual([plain.events, plain.links], [[], []]);
    assert.throws(() => (plain.events as unknown[]).push(1), TypeError);
    // The SDK tracer has no adoption: the helper falls back to its startSpan.
    const own = { a: 1 };
    const sdkSpan = startSpanAdopting(t.sdk, 'sdk', { attributes: own }, ROOT_CONTEXT);
    sdkSpan.end();
    assert.deepEqual(t.sdkSpans()[0]!.attributes, { a: 1 });
  });

  it('continues the parent’s trace and trace state, and starts a new trace for root spans', () => {
    const t = tracers();
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      ...linked,
      isRemote: true,
      traceState: new TraceState('vendor=1'),
    });
    t.lean.startSpan('child', {}, parent).end();
    t.lean.startSpan('root', { root: true }, parent).end();
    const [child, root] = t.leanSpans();
    assert.equal(child!.spanContext().traceId, linked.traceId);
    assert.equal(child!.parentSpanContext?.spanId, linked.spanId);
    assert.equal(child!.spanContext().traceState?.serialize(), 'vendor=1');
    assert.match(child!.spanContext().spanId, /^[0-9a-f]{16}$/);
    assert.notEqual(root!.spanContext().traceId, linked.traceId);
    assert.match(root!.spanContext().traceId, /^[0-9a-f]{32}$/);
    assert.equal(root!.parentSpanContext, undefined);
  });

  it('gives every span its own ids', () => {
    const t = tracers();
    for (let i = 0; i < 2000; i++) t.lean.startSpan('s', { root: true }).end();
    const spans = t.leanSpans();
    assert.equal(new Set(spans.map((s) => s.spanContext().spanId)).size, 2000);
    assert.equal(new Set(spans.map((s) => s.spanContext().traceId)).size, 2000);
  });

  it('follows the sampler: dropped spans do not record and are not exported, sampler attributes are kept', () => {
    const off = tracers({}, new AlwaysOffSampler());
    const dropped = off.lean.startSpan('dropped');
    assert.equal(dropped.isRecording(), false);
    assert.equal(dropped.spanContext().traceFlags, TraceFlags.NONE);
    dropped.end();
    assert.deepEqual(off.leanSpans(), []);

    const tagging: Sampler = {
      shouldSample: () => ({
        decision: SamplingDecision.RECORD_AND_SAMPLED,
        attributes: { 'sampler.rule': 'all' },
      }),
      toString: () => 'tagging',
    };
    const on = tracers({}, tagging);
    on.lean.startSpan('kept', { attributes: { a: 1 } }).end();
    assert.deepEqual(on.leanSpans()[0]!.attributes, { a: 1, 'sampler.rule': 'all' });
  });

  it('starts no span while tracing is suppressed', () => {
    const t = tracers();
    const span = t.lean.startSpan('suppressed', {}, suppressTracing(ROOT_CONTEXT));
    assert.equal(trace.isSpanContextValid(span.spanContext()), false);
    span.end();
    assert.deepEqual(t.leanSpans(), []);
  });

  it('reports wall-clock start and end times whose difference is the duration', async () => {
    const t = tracers();
    const before = Date.now();
    const span = t.lean.startSpan('timed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    span.end();
    const after = Date.now();
    const [done] = t.leanSpans();
    const ms = (time: [number, number]) => time[0] * 1000 + time[1] / 1e6;
    assert.ok(ms(done!.startTime) >= before - 1 && ms(done!.startTime) <= after + 1);
    assert.ok(ms(done!.endTime) <= after + 1);
    assert.ok(ms(done!.duration) >= 15, `duration ${ms(done!.duration)} ms`);
    assert.ok(Math.abs(ms(done!.endTime) - ms(done!.startTime) - ms(done!.duration)) < 0.01);
    assert.ok(done!.startTime[1] < 1e9 && done!.endTime[1] < 1e9);
  });

  it('takes explicit start and end times, and records an end before the start as zero duration', () => {
    const t = tracers();
    const start = new Date('2026-01-02T03:04:05.123Z');
    t.lean.startSpan('explicit', { startTime: start }).end(new Date(start.getTime() + 250));
    t.lean.startSpan('backwards', { startTime: start }).end(new Date(start.getTime() - 1000));
    const [explicit, backwards] = t.leanSpans();
    assert.deepEqual(explicit!.startTime, [Math.floor(start.getTime() / 1000), 123_000_000]);
    assert.deepEqual(explicit!.endTime, [Math.floor(start.getTime() / 1000), 373_000_000]);
    assert.deepEqual(explicit!.duration, [0, 250_000_000]);
    assert.deepEqual(backwards!.duration, [0, 0]);
  });

  it('runs startActiveSpan’s function with the span active', () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    const t = tracers();
    const result = t.lean.startActiveSpan('active', (span: Span) => {
      assert.equal(trace.getActiveSpan(), span);
      span.end();
      return 42;
    });
    assert.equal(result, 42);
    assert.equal(t.leanSpans()[0]!.name, 'active');
    context.disable();
  });
});
