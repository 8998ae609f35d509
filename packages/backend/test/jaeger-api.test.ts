// The Jaeger v1 query API answers with exactly Jaeger's JSON shapes, checked field by field.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startBackend, type RunningBackend } from '../src/index.js';
import { checkoutTrace } from './checkout-trace.js';
import { hexId, postJson } from './otlp-request.js';

describe('Jaeger query API', () => {
  let backend: RunningBackend;
  let dataDir: string;
  const traceId = hexId(16);
  const rootId = hexId(8);
  const childId = hexId(8);
  const linked = { traceId: hexId(16), spanId: hexId(8) };
  const start = Date.now() - 5000;

  const get = async (path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`http://127.0.0.1:${backend.uiPort}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'skein-jaeger-'));
    backend = await startBackend({ grpcPort: 0, httpPort: 0, uiPort: 0, dataDir, log: () => {} });
    const body = checkoutTrace({ traceId, rootId, childId, linked }, start);
    const res = await postJson(backend.httpPort, 'traces', body);
    assert.equal(res.status, 200);
  });
  after(async () => {
    await backend.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('GET /api/services lists services in the envelope', async () => {
    const { status, body } = await get('/api/services');
    assert.equal(status, 200);
    assert.deepEqual(body, { data: ['frontend', 'payments'], total: 2, limit: 0, offset: 0, errors: null });
  });

  test('operations by path and by query with span kinds; 400 without service', async () => {
    assert.deepEqual((await get('/api/services/payments/operations')).body.data, ['charge']);
    assert.deepEqual((await get('/api/operations?service=frontend')).body.data, [
      { name: 'GET /checkout', spanKind: 'server' },
    ]);
    assert.deepEqual((await get('/api/operations?service=frontend&spanKind=client')).body.data, []);
    const missing = await get('/api/operations');
    assert.equal(missing.status, 400);
    assert.equal(missing.body.data, null);
    assert.equal((missing.body.errors as { code: number }[])[0]!.code, 400);
  });

  test('GET /api/traces/{id} returns the trace in Jaeger shape, field by field', async () => {
    const { status, body } = await get(`/api/traces/${traceId}`);
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body).sort(), ['data', 'errors', 'limit', 'offset', 'total']);
    const [trace] = body.data as Record<string, unknown>[];
    assert.deepEqual(Object.keys(trace!).sort(), ['processes', 'spans', 'traceID', 'warnings']);
    assert.equal(trace!.traceID, traceId);
    assert.deepEqual(trace!.processes, {
      p1: {
        serviceName: 'frontend',
        tags: [{ key: 'deployment.environment', type: 'string', value: 'test' }],
      },
      p2: {
        serviceName: 'payments',
        tags: [{ key: 'deployment.environment', type: 'string', value: 'test' }],
      },
    });
    const [root, child] = trace!.spans as Record<string, unknown>[];
    assert.deepEqual(Object.keys(root!).sort(), [
      'duration',
      'flags',
      'logs',
      'operationName',
      'processID',
      'references',
      'spanID',
      'startTime',
      'tags',
      'traceID',
      'warnings',
    ]);
    assert.equal(root!.spanID, rootId);
    assert.equal(root!.operationName, 'GET /checkout');
    assert.equal(root!.startTime, start * 1000);
    assert.equal(root!.duration, 120_000);
    assert.equal(root!.processID, 'p1');
    assert.deepEqual(root!.references, []);
    assert.deepEqual(root!.tags, [
      { key: 'http.response.status_code', type: 'int64', value: 500 },
      { key: 'otel.scope.name', type: 'string', value: 'test-scope' },
      { key: 'otel.scope.version', type: 'string', value: '1.0.0' },
      { key: 'span.kind', type: 'string', value: 'server' },
      { key: 'otel.status_code', type: 'string', value: 'ERROR' },
      { key: 'error', type: 'bool', value: true },
      { key: 'otel.status_description', type: 'string', value: 'boom' },
    ]);
    assert.deepEqual(child!.references, [
      { refType: 'CHILD_OF', traceID: traceId, spanID: rootId },
      { refType: 'FOLLOWS_FROM', traceID: linked.traceId, spanID: linked.spanId },
    ]);
    assert.deepEqual((child!.tags as unknown[]).slice(0, 3), [
      { key: 'amount', type: 'float64', value: 12.5 },
      { key: 'retry', type: 'bool', value: true },
      { key: 'card', type: 'string', value: 'visa' },
    ]);
    assert.deepEqual(child!.logs, [
      {
        timestamp: (start + 20) * 1000,
        fields: [
          { key: 'attempt', type: 'string', value: '2' },
          { key: 'event', type: 'string', value: 'retrying' },
        ],
      },
    ]);
    assert.equal(child!.processID, 'p2');
  });

  test('an unknown trace is 404 with an error in the envelope', async () => {
    const { status, body } = await get(`/api/traces/${hexId(16)}`);
    assert.equal(status, 404);
    assert.deepEqual(body, {
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 404, msg: 'trace not found' }],
    });
  });

  test('GET /api/traces searches by service, operation, tags (JSON and tag=k:v) and durations', async () => {
    const ids = async (query: string): Promise<string[]> =>
      ((await get(`/api/traces?${query}`)).body.data as { traceID: string }[]).map((t) => t.traceID);
    assert.deepEqual(await ids('service=payments'), [traceId]);
    assert.deepEqual(
      await ids('service=payments&operation=charge&tags=' + encodeURIComponent('{"card":"visa"}')),
      [traceId],
    );
    assert.deepEqual(await ids('service=payments&tag=amount:12.5&tag=retry:true'), [traceId]);
    assert.deepEqual(await ids('service=payments&tag=deployment.environment:test'), [traceId]);
    assert.deepEqual(await ids('service=frontend&tag=http.response.status_code:500'), [traceId]);
    assert.deepEqual(await ids('service=payments&tag=card:amex'), []);
    assert.deepEqual(await ids('service=frontend&tag=error:true&tag=span.kind:server'), [traceId]);
    assert.deepEqual(await ids('service=payments&tag=error:true'), []);
    assert.deepEqual(await ids('service=frontend&tag=otel.status_code:ERROR'), [traceId]);
    assert.deepEqual(await ids('service=payments&minDuration=50ms&maxDuration=1s'), [traceId]);
    assert.deepEqual(await ids('service=payments&minDuration=100ms'), []);
    assert.deepEqual(await ids(`service=payments&end=${(start - 1000) * 1000}&lookback=1h`), []);
    const bad = await get('/api/traces?service=payments&minDuration=soon');
    assert.equal(bad.status, 400);
  });

  test('GET /api/dependencies counts calls between services', async () => {
    const { body } = await get(`/api/dependencies?endTs=${Date.now()}&lookback=3600000`);
    assert.deepEqual(body.data, [{ parent: 'frontend', child: 'payments', callCount: 1 }]);
  });
});
