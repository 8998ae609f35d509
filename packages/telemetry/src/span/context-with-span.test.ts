import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createContextKey, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { contextWithSpan } from './context-with-span.js';

const spanOf = (spanId: string) =>
  trace.wrapSpanContext({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId,
    traceFlags: TraceFlags.SAMPLED,
  });

describe('contextWithSpan', () => {
  const tenant = createContextKey('tenant');
  const parentSpan = spanOf('b7ad6b7169203331');
  const parent = trace.setSpan(
    propagation.setBaggage(
      ROOT_CONTEXT.setValue(tenant, 'acme'),
      propagation.createBaggage({ k: { value: 'v' } }),
    ),
    parentSpan,
  );
  const span = spanOf('00f067aa0ba902b7');
  const ctx = contextWithSpan(parent, span);

  it('answers its span to the OpenTelemetry API, in place of the parent span', () => {
    assert.equal(trace.getSpan(ctx), span);
    assert.equal(trace.getSpanContext(ctx)?.spanId, '00f067aa0ba902b7');
    assert.equal(trace.getSpan(parent), parentSpan);
  });

  it('passes every other value through from the parent', () => {
    assert.equal(ctx.getValue(tenant), 'acme');
    assert.equal(propagation.getBaggage(ctx)?.getEntry('k')?.value, 'v');
    assert.equal(ctx.getValue(createContextKey('absent')), undefined);
  });

  it('derives contexts that keep the span, add values and remove them', () => {
    const extra = createContextKey('extra');
    const derived = ctx.setValue(extra, 1);
    assert.equal(trace.getSpan(derived), span);
    assert.equal(derived.getValue(extra), 1);
    assert.equal(derived.getValue(tenant), 'acme');
    assert.equal(ctx.getValue(extra), undefined);
    assert.equal(trace.getSpan(trace.deleteSpan(ctx)), undefined);
    assert.equal(trace.deleteSpan(ctx).getValue(tenant), 'acme');
    const child = spanOf('1111111111111111');
    assert.equal(trace.getSpan(trace.setSpan(ctx, child)), child);
    assert.equal(trace.getSpan(ctx.deleteValue(tenant)), span);
    assert.equal(ctx.deleteValue(tenant).getValue(tenant), undefined);
  });
});
