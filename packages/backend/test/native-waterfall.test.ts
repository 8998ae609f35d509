// The native API's lean trace for the UI waterfall (`/api/skein/traces/{id}/waterfall`), checked field by
// field against a stored trace, and the one-span detail the UI loads when a span is selected.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startBackend, type RunningBackend } from '../src/index.js';
import { checkoutTrace } from './checkout-trace.js';
import { hexId, postJson, traceRequest } from './otlp-request.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('native API: waterfall and span detail', () => {
  let backend: RunningBackend;
  let dataDir: string;
  const traceId = hexId(16);
  const rootId = hexId(8);
  const childId = hexId(8);
  const retryId = hexId(8);
  const orphanId = hexId(8);
  const linked = { traceId: hexId(16), spanId: hexId(8) };
  const start = Math.floor(Date.now() / 1000) * 1000 - 5000;

  const get = async (path: string): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`http://127.0.0.1:${backend.uiPort}${path}`);
    return { status: res.status, body: (await res.json()) as Json };
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'skein-waterfall-'));
    backend = await startBackend({ grpcPort: 0, httpPort: 0, uiPort: 0, dataDir, log: () => {} });
    const more = traceRequest({
      payments: [
        // Same service and name as `charge`: the tables hold each string once.
        {
          traceId,
          spanId: retryId,
          parentSpanId: childId,
          name: 'charge',
          kind: 3,
          startMs: start + 50,
          durationMs: 5,
        },
        // Its parent was never stored: the waterfall shows it as a root (parent -1).
        {
          traceId,
          spanId: orphanId,
          parentSpanId: hexId(8),
          name: 'late',
          kind: 5,
          startMs: start + 200,
          durationMs: 1,
        },
      ],
    });
    assert.equal(
      (await postJson(backend.httpPort, 'traces', checkoutTrace({ traceId, rootId, childId, linked }, start)))
        .status,
      200,
    );
    assert.equal((await postJson(backend.httpPort, 'traces', more)).status, 200);
  });
  after(async () => {
    await backend.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('GET /api/skein/traces/{id}/waterfall answers timings with deduplicated strings, in start order', async () => {
    assert.deepEqual(await get(`/api/skein/traces/${traceId}/waterfall`), {
      status: 200,
      body: {
        traceId,
        startUs: start * 1000,
        services: ['frontend', 'payments'],
        names: ['GET /checkout', 'charge', 'late'],
        spans: [
          [rootId, -1, 0, 0, 2, 0, 120_000, 2],
          [childId, 0, 1, 1, 3, 10_000, 80_000, 0],
          [retryId, 1, 1, 1, 3, 50_000, 5_000, 0],
          [orphanId, -1, 1, 2, 5, 200_000, 1_000, 0],
        ],
      },
    });
  });

  test('the waterfall of an unknown trace is 404 problem+json, a malformed id 400', async () => {
    const missing = await get(`/api/skein/traces/${hexId(16)}/waterfall`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.detail, 'trace not found');
    assert.equal((await get('/api/skein/traces/not-hex/waterfall')).status, 400);
  });

  test('GET /api/skein/traces/{id}/spans/{spanId} answers the span in OTLP/JSON with resource and scope', async () => {
    const { status, body } = await get(`/api/skein/traces/${traceId}/spans/${childId}`);
    assert.equal(status, 200);
    assert.equal(body.service, 'payments');
    assert.deepEqual(body.resource.attributes, [
      { key: 'service.name', value: { stringValue: 'payments' } },
      { key: 'deployment.environment', value: { stringValue: 'test' } },
    ]);
    assert.equal(body.scope.name, 'test-scope');
    assert.equal(body.scope.version, '1.0.0');
    const span = body.span as Json;
    assert.equal(span.traceId, traceId);
    assert.equal(span.spanId, childId);
    assert.equal(span.parentSpanId, rootId);
    assert.equal(span.name, 'charge');
    assert.equal(span.kind, 3);
    assert.equal(span.startTimeUnixNano, `${(start + 10) * 1_000_000}`);
    assert.deepEqual(span.attributes, [
      { key: 'amount', value: { doubleValue: 12.5 } },
      { key: 'retry', value: { boolValue: true } },
      { key: 'card', value: { stringValue: 'visa' } },
    ]);
    assert.deepEqual(span.events, [
      {
        name: 'retrying',
        timeUnixNano: `${(start + 20) * 1_000_000}`,
        attributes: [{ key: 'attempt', value: { stringValue: '2' } }],
      },
    ]);
    assert.deepEqual(
      (span.links as Json[]).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
      [linked],
    );
  });

  test('a span that is not in the trace is 404; a malformed span id 400', async () => {
    assert.equal((await get(`/api/skein/traces/${traceId}/spans/${hexId(8)}`)).status, 404);
    assert.equal((await get(`/api/skein/traces/${hexId(16)}/spans/${childId}`)).status, 404);
    assert.equal((await get(`/api/skein/traces/${traceId}/spans/xyz`)).status, 400);
  });
});
