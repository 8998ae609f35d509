import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { inMemoryTelemetry } from '../../test/in-memory-telemetry.js';
import { withSpan } from '../span/with-span.js';

const harness = inMemoryTelemetry({ clientTracing: false, runtimeMetrics: false, serviceName: 'log-test' });
after(() => harness.telemetry.shutdown());

describe('correlated logger', () => {
  it('adds trace_id, span_id and trace_flags to records made inside a span', () => {
    const ids = withSpan('logged', (span) => {
      harness.telemetry.logger.info({ orderId: 7 }, 'inside');
      return span.spanContext();
    });
    const line = harness.logLines.find((l) => l.msg === 'inside');
    assert.ok(line);
    assert.equal(line.trace_id, ids.traceId);
    assert.equal(line.span_id, ids.spanId);
    assert.equal(line.trace_flags, '01');
    assert.equal(line.orderId, 7);
    assert.equal(line.service, 'log-test');
  });

  it('adds no trace fields outside a span', () => {
    harness.telemetry.logger.info('outside');
    const line = harness.logLines.find((l) => l.msg === 'outside');
    assert.ok(line);
    assert.equal('trace_id' in line, false);
    assert.equal('span_id' in line, false);
  });
});
