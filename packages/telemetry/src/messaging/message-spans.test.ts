import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { inMemoryTelemetry } from '../../test/in-memory-telemetry.js';
import { extractContext, injectContext } from './message-context.js';
import { withConsumerSpan, withProducerSpan } from './message-spans.js';

const harness = inMemoryTelemetry({ clientTracing: false, runtimeMetrics: false });
after(() => harness.telemetry.shutdown());

describe('message context', () => {
  it('round-trips the active span and baggage through a plain header map', () => {
    const bag = propagation.createBaggage({ tenant: { value: 'acme' } });
    const headers = context.with(propagation.setBaggage(context.active(), bag), () =>
      harness.telemetry.tracer.startActiveSpan('producer', (span) => {
        span.end();
        return injectContext({});
      }),
    );
    assert.match(headers.traceparent ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const extracted = extractContext(headers);
    assert.equal(trace.getSpanContext(extracted)?.traceId, headers.traceparent?.split('-')[1]);
    assert.equal(propagation.getBaggage(extracted)?.getEntry('tenant')?.value, 'acme');
  });

  it('extracts no parent from an invalid traceparent', () => {
    assert.equal(trace.getSpanContext(extractContext({ traceparent: '00-zz' })), undefined);
  });
});

describe('producer and consumer spans', () => {
  it('links the CONSUMER span to the PRODUCER span and parents it in the same trace', async () => {
    const headers: Record<string, string> = {};
    withProducerSpan({ system: 'memq', destination: 'orders', messageId: 'm-1' }, headers, () => undefined);
    await withConsumerSpan(
      { system: 'memq', destination: 'orders', messageId: 'm-1' },
      headers,
      async () => undefined,
    );
    const spans = await harness.spans();
    const producer = spans.find((s) => s.kind === SpanKind.PRODUCER);
    const consumer = spans.find((s) => s.kind === SpanKind.CONSUMER);
    assert.ok(producer && consumer);
    assert.equal(producer.name, 'send orders');
    assert.equal(consumer.name, 'process orders');
    assert.deepEqual(
      [producer.attributes['messaging.system'], producer.attributes['messaging.destination.name']],
      ['memq', 'orders'],
    );
    assert.equal(producer.attributes['messaging.operation.type'], 'send');
    assert.equal(consumer.attributes['messaging.operation.type'], 'process');
    assert.equal(consumer.attributes['messaging.message.id'], 'm-1');
    assert.equal(consumer.links[0]?.context.spanId, producer.spanContext().spanId);
    assert.equal(consumer.parentSpanContext?.spanId, producer.spanContext().spanId);
    assert.equal(consumer.spanContext().traceId, producer.spanContext().traceId);
  });

  it('starts a root CONSUMER span without links when the headers carry no context', async () => {
    withConsumerSpan({ system: 'memq', destination: 'bare', operation: 'receive' }, {}, () => undefined);
    const consumer = (await harness.spans()).find((s) => s.name === 'receive bare');
    assert.ok(consumer);
    assert.equal(consumer.parentSpanContext, undefined);
    assert.deepEqual(consumer.links, []);
  });
});
