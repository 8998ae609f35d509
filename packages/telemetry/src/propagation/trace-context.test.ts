// Proves the W3C Trace Context rules of REFERENCE.md end to end through a real server: the OTel
// W3CTraceContextPropagator used by createPropagator() rejects every invalid class, so no strict wrapper is needed.
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { inMemoryTelemetry } from '../../test/in-memory-telemetry.js';
import { instrumentHandler } from '../http/instrument-handler.js';

const harness = inMemoryTelemetry({ clientTracing: false, runtimeMetrics: false });
let server: Server;
let port: number;

before(async () => {
  server = createServer(instrumentHandler(harness.telemetry, (_req, res) => res.end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.close();
  await harness.telemetry.shutdown();
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

/** Sends the headers and returns the `traceresponse` fields: [version, traceId, spanId, flags]. */
function traceresponseFor(headers: Record<string, string>): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.headers.traceresponse).split('-')));
    });
    req.on('error', reject);
    req.end();
  });
}

async function spanById(spanId: string) {
  const span = (await harness.spans()).find((s) => s.spanContext().spanId === spanId);
  assert.ok(span, `span ${spanId} was exported`);
  return span;
}

const invalid: [string, string][] = [
  ['an all-zero trace id', `00-${'0'.repeat(32)}-${PARENT_ID}-01`],
  ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
  ['uppercase hex', `00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`],
  ['a short trace id', `00-${TRACE_ID.slice(1)}-${PARENT_ID}-01`],
  ['a long parent id', `00-${TRACE_ID}-${PARENT_ID}0-01`],
  ['a one-digit flags field', `00-${TRACE_ID}-${PARENT_ID}-1`],
  ['version ff', `ff-${TRACE_ID}-${PARENT_ID}-01`],
  ['version 00 with trailing data', `00-${TRACE_ID}-${PARENT_ID}-01-extra`],
  ['a higher version whose flags run into more data', `01-${TRACE_ID}-${PARENT_ID}-01extra`],
  ['non-hex characters', `00-${TRACE_ID.slice(0, 31)}g-${PARENT_ID}-01`],
  ['garbage', 'hello world'],
  ['an empty value', ''],
];

describe('W3C traceparent extraction', () => {
  for (const [what, traceparent] of invalid) {
    it(`starts a new trace on a traceparent with ${what}, ignoring tracestate`, async () => {
      const [, traceId, spanId] = await traceresponseFor({ traceparent, tracestate: 'vendor=kept' });
      assert.notEqual(traceId, TRACE_ID);
      const span = await spanById(spanId!);
      assert.equal(span.parentSpanContext, undefined, 'the server span is a root');
      assert.equal(span.spanContext().traceState, undefined, 'tracestate is not parsed');
    });
  }

  it('continues a valid sampled parent, keeping tracestate', async () => {
    const [version, traceId, spanId, flags] = await traceresponseFor({
      traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
      tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
    });
    assert.deepEqual([version, traceId, flags], ['00', TRACE_ID, '01']);
    const span = await spanById(spanId!);
    assert.equal(span.parentSpanContext?.spanId, PARENT_ID);
    assert.equal(span.spanContext().traceState?.serialize(), 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
  });

  it('honours an unsampled parent: same trace, flags 00, nothing exported', async () => {
    const [, traceId, spanId, flags] = await traceresponseFor({
      traceparent: `00-${TRACE_ID}-${PARENT_ID}-00`,
    });
    assert.equal(traceId, TRACE_ID);
    assert.equal(flags, '00');
    assert.equal(
      (await harness.spans()).find((s) => s.spanContext().spanId === spanId),
      undefined,
    );
  });

  it('accepts a higher version with extra fields and keeps the random-trace-id flag out of traceresponse', async () => {
    const [, traceId, , flags] = await traceresponseFor({
      traceparent: `cc-${TRACE_ID}-${PARENT_ID}-03-what-the-future`,
    });
    assert.equal(traceId, TRACE_ID);
    assert.equal(flags, '01');
  });

  it('drops invalid tracestate members and keeps at most 32', async () => {
    const members = Array.from({ length: 40 }, (_, i) => `k${i}=v${i}`);
    const [, , spanId] = await traceresponseFor({
      traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
      tracestate: ['Bad=1', 'good=ok', 'x=has,comma', ...members].join(','),
    });
    const state = (await spanById(spanId!)).spanContext().traceState;
    assert.equal(state?.get('Bad'), undefined);
    assert.equal(state?.get('good'), 'ok');
    assert.ok((state?.serialize().split(',').length ?? 0) <= 32);
  });
});
