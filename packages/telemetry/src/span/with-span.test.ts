import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { inMemoryTelemetry } from '../../test/in-memory-telemetry.js';
import { LOST_CONTEXT_WARNING } from './run-in-span.js';
import { withSpan } from './with-span.js';

const harness = inMemoryTelemetry({ clientTracing: false, runtimeMetrics: false });
after(() => harness.telemetry.shutdown());

async function spanNamed(name: string) {
  const span = (await harness.spans()).find((s) => s.name === name);
  assert.ok(span, `span ${name} was exported`);
  return span;
}

describe('withSpan', () => {
  it('runs a sync function inside an active span, returns its value and ends the span', async () => {
    const result = withSpan('sync work', (span) => {
      assert.equal(trace.getSpan(context.active()), span);
      return 42;
    });
    assert.equal(result, 42);
    const span = await spanNamed('sync work');
    assert.equal(span.kind, SpanKind.INTERNAL);
    assert.equal(span.status.code, SpanStatusCode.UNSET);
  });

  it('keeps nested spans parented across awaits and applies options', async () => {
    await withSpan('outer', { attributes: { 'app.step': 'outer' } }, async () => {
      await sleep(5);
      await withSpan('inner', async () => {
        await sleep(5);
      });
    });
    const outer = await spanNamed('outer');
    const inner = await spanNamed('inner');
    assert.equal(outer.attributes['app.step'], 'outer');
    assert.equal(inner.parentSpanContext?.spanId, outer.spanContext().spanId);
    assert.ok(inner.ended && outer.ended);
  });

  it('records a sync throw as an exception with ERROR status and rethrows it', async () => {
    assert.throws(() =>
      withSpan('sync failure', () => {
        throw new RangeError('out of range');
      }),
    );
    const span = await spanNamed('sync failure');
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.attributes['error.type'], 'RangeError');
    assert.equal(span.events[0]?.name, 'exception');
  });

  it('records a rejection as an exception with ERROR status and rejects with it', async () => {
    await assert.rejects(
      withSpan('async failure', async () => {
        await sleep(1);
        throw new Error('later');
      }),
      /later/,
    );
    const span = await spanNamed('async failure');
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.status.message, 'later');
  });
});

describe('withSpan without a context manager that follows promises', () => {
  it('warns once that the span was lost across an await', async () => {
    const lost = (): string[] =>
      harness.warnings.filter((w) => w.includes(LOST_CONTEXT_WARNING.slice(0, 40)));
    await withSpan('kept', async () => sleep(1));
    assert.deepEqual(lost(), []);
    context.disable();
    try {
      await withSpan('lost once', async () => sleep(1));
      await withSpan('lost twice', async () => sleep(1));
    } finally {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    }
    assert.equal(lost().length, 1);
    assert.ok((await spanNamed('lost twice')).ended);
  });
});
