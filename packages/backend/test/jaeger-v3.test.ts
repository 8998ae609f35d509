// Jaeger's api_v3 HTTP gateway answers with upstream's shapes: OTLP/JSON TracesData under `result`, checked
// field by field, filters that filter, upstream's error object; a client can decode and re-export the result.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startBackend, type RunningBackend } from '../src/index.js';
import { pb } from '../src/otlp/proto.js';
import { checkoutTrace } from './checkout-trace.js';
import { hexId, postJson, traceRequest } from './otlp-request.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const nanos = (ms: number): string => (BigInt(ms) * 1_000_000n).toString();
const iso = (ms: number): string => new Date(ms).toISOString();

async function getJson(backend: RunningBackend, path: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`http://127.0.0.1:${backend.uiPort}${path}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return { status: res.status, body: (await res.json()) as Json };
}

describe('Jaeger API v3', () => {
  let backend: RunningBackend;
  const dirs: string[] = [];
  const traceId = hexId(16);
  const rootId = hexId(8);
  const childId = hexId(8);
  const healthTrace = hexId(16);
  const linked = { traceId: hexId(16), spanId: hexId(8) };
  const start = Math.floor(Date.now() / 1000) * 1000 - 5000;
  const healthStart = start - 60_000;

  const start3 = async (): Promise<RunningBackend> => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skein-v3-'));
    dirs.push(dataDir);
    return startBackend({ grpcPort: 0, httpPort: 0, uiPort: 0, dataDir, log: () => {} });
  };
  const get = (path: string): Promise<{ status: number; body: Json }> => getJson(backend, path);
  const window = `query.start_time_min=${iso(start - 3600_000)}&query.start_time_max=${iso(start + 60_000)}`;
  const found = async (query: string): Promise<string[]> => {
    const { status, body } = await get(`/api/v3/traces?${window}&${query}`);
    if (status === 404) return [];
    assert.equal(status, 200);
    const ids = (body.result.resourceSpans as Json[]).flatMap((rs) =>
      (rs.scopeSpans as Json[]).flatMap((ss) => (ss.spans as Json[]).map((s) => s.traceId as string)),
    );
    return [...new Set(ids)].sort();
  };

  before(async () => {
    backend = await start3();
    const checkout = checkoutTrace({ traceId, rootId, childId, linked }, start);
    const health = traceRequest({
      frontend: [
        {
          traceId: healthTrace,
          name: 'GET /health',
          kind: 2,
          startMs: healthStart,
          durationMs: 5,
          attributes: { card: 'amex' },
        },
      ],
    });
    assert.equal((await postJson(backend.httpPort, 'traces', checkout)).status, 200);
    assert.equal((await postJson(backend.httpPort, 'traces', health)).status, 200);
  });
  after(async () => {
    await backend.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('GET /api/v3/services lists the services', async () => {
    assert.deepEqual(await get('/api/v3/services'), {
      status: 200,
      body: { services: ['frontend', 'payments'] },
    });
  });

  test('GET /api/v3/operations gives names and span kinds, filters by kind; 400 without service', async () => {
    assert.deepEqual((await get('/api/v3/operations?service=frontend')).body, {
      operations: [
        { name: 'GET /checkout', spanKind: 'server' },
        { name: 'GET /health', spanKind: 'server' },
      ],
    });
    assert.deepEqual((await get('/api/v3/operations?service=payments&spanKind=client')).body, {
      operations: [{ name: 'charge', spanKind: 'client' }],
    });
    assert.deepEqual((await get('/api/v3/operations?service=payments&span_kind=server')).body, {
      operations: [],
    });
    assert.deepEqual(await get('/api/v3/operations'), {
      status: 400,
      body: { error: { httpCode: 400, message: "parameter 'service' is required" } },
    });
    assert.equal((await get('/api/v3/operations?service=payments&spanKind=sideways')).status, 400);
  });

  test('GET /api/v3/traces/{id} returns TracesData in OTLP/JSON under result, field by field', async () => {
    const { status, body } = await get(`/api/v3/traces/${traceId}`);
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['result']);
    assert.deepEqual(Object.keys(body.result), ['resourceSpans']);
    const [front, pay] = body.result.resourceSpans as Json[];
    assert.equal(body.result.resourceSpans.length, 2);
    assert.deepEqual(front!.resource, {
      attributes: [
        { key: 'service.name', value: { stringValue: 'frontend' } },
        { key: 'deployment.environment', value: { stringValue: 'test' } },
      ],
    });
    assert.equal(front!.scopeSpans.length, 1);
    assert.deepEqual(front!.scopeSpans[0].scope, { name: 'test-scope', version: '1.0.0' });
    assert.deepEqual(front!.scopeSpans[0].spans, [
      {
        traceId,
        spanId: rootId,
        name: 'GET /checkout',
        kind: 2,
        startTimeUnixNano: nanos(start),
        endTimeUnixNano: nanos(start + 120),
        attributes: [{ key: 'http.response.status_code', value: { intValue: '500' } }],
        status: { message: 'boom', code: 2 },
      },
    ]);
    assert.equal(pay!.resource.attributes[0].value.stringValue, 'payments');
    assert.deepEqual(pay!.scopeSpans[0].spans, [
      {
        traceId,
        spanId: childId,
        parentSpanId: rootId,
        name: 'charge',
        kind: 3,
        startTimeUnixNano: nanos(start + 10),
        endTimeUnixNano: nanos(start + 90),
        attributes: [
          { key: 'amount', value: { doubleValue: 12.5 } },
          { key: 'retry', value: { boolValue: true } },
          { key: 'card', value: { stringValue: 'visa' } },
        ],
        events: [
          {
            timeUnixNano: nanos(start + 20),
            name: 'retrying',
            attributes: [{ key: 'attempt', value: { stringValue: '2' } }],
          },
        ],
        links: [linked],
      },
    ]);
  });

  test('GET /api/v3/traces/{id}: 404 for an unknown id, 400 for a bad id or time', async () => {
    assert.deepEqual(await get(`/api/v3/traces/${hexId(16)}`), {
      status: 404,
      body: { error: { httpCode: 404, message: 'No traces found' } },
    });
    const bad = await get('/api/v3/traces/xyz');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /malformed parameter trace_id/);
    const badTime = await get(`/api/v3/traces/${traceId}?start_time=yesterday`);
    assert.equal(badTime.status, 400);
    assert.match(badTime.body.error.message, /malformed parameter start_time/);
    assert.equal((await get(`/api/v3/traces/${traceId}?raw_traces=perhaps`)).status, 400);
    const windowed = await get(`/api/v3/traces/${traceId}?startTime=${iso(start - 1000)}&rawTraces=true`);
    assert.equal(windowed.status, 200);
  });

  test('GET /api/v3/traces filters by service, operation, attributes, durations and time', async () => {
    assert.deepEqual(await found('query.service_name=frontend'), [healthTrace, traceId].sort());
    assert.deepEqual(await found('query.serviceName=payments'), [traceId]);
    assert.deepEqual(await found('query.service_name=frontend&query.operation_name=GET%20/health'), [
      healthTrace,
    ]);
    const attrs = (json: object): string => 'query.attributes=' + encodeURIComponent(JSON.stringify(json));
    assert.deepEqual(await found(`query.service_name=payments&${attrs({ card: 'visa', amount: '12.5' })}`), [
      traceId,
    ]);
    assert.deepEqual(await found(`query.service_name=frontend&${attrs({ card: 'amex' })}`), [healthTrace]);
    assert.deepEqual(await found(`query.service_name=frontend&${attrs({ error: 'true' })}`), [traceId]);
    assert.deepEqual(
      await found(`query.service_name=frontend&${attrs({ 'deployment.environment': 'test' })}`),
      [traceId],
    );
    assert.deepEqual(await found(`query.service_name=payments&${attrs({ card: 'amex' })}`), []);
    assert.deepEqual(await found('query.service_name=frontend&query.duration_min=100ms'), [traceId]);
    assert.deepEqual(await found('query.service_name=frontend&query.durationMax=10ms'), [healthTrace]);
    assert.deepEqual(
      await found('query.service_name=frontend&query.duration_min=0.1s&query.duration_max=1.5s'),
      [traceId],
    );
    assert.deepEqual(await found('query.service_name=frontend&query.search_depth=1'), [traceId]);
    const narrow = `query.startTimeMin=${iso(healthStart - 1000)}&query.startTimeMax=${iso(healthStart + 1000)}`;
    const res = await get(`/api/v3/traces?${narrow}&query.serviceName=frontend`);
    assert.equal(res.body.result.resourceSpans.length, 1);
    assert.equal(res.body.result.resourceSpans[0].scopeSpans[0].spans[0].traceId, healthTrace);
  });

  test('GET /api/v3/traces: 400 for missing or malformed parameters, 404 when nothing matches', async () => {
    const missing = await get('/api/v3/traces?query.service_name=frontend');
    assert.deepEqual(missing, {
      status: 400,
      body: { error: { httpCode: 400, message: 'query.startTimeMin and query.startTimeMax are required' } },
    });
    for (const bad of [
      `query.start_time_min=${iso(start)}&query.start_time_max=${iso(start - 1000)}`,
      `query.start_time_min=2026-11-25&query.start_time_max=${iso(start)}`,
      `${window}&query.duration_min=soon`,
      `${window}&query.search_depth=none`,
      `${window}&query.attributes=card:visa`,
      `${window}&query.attributes=${encodeURIComponent('{"amount":12.5}')}`,
      `${window}&query.raw_traces=perhaps`,
    ]) {
      const res = await get(`/api/v3/traces?${bad}`);
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.error.httpCode, 400);
      assert.equal(typeof res.body.error.message, 'string');
    }
    assert.deepEqual(await get(`/api/v3/traces?${window}&query.service_name=nobody`), {
      status: 404,
      body: { error: { httpCode: 404, message: 'No traces found' } },
    });
  });

  test('a client decodes the result with the OTLP protos and re-exports it unchanged', async () => {
    const { body } = await get(`/api/v3/traces/${traceId}`);
    // OTLP/JSON differs from protobuf's JSON mapping only in hex ids; protobufjs reads base64.
    const toBase64 = (node: unknown): unknown =>
      JSON.parse(JSON.stringify(node), (key, value: unknown) =>
        ['traceId', 'spanId', 'parentSpanId'].includes(key)
          ? Buffer.from(value as string, 'hex').toString('base64')
          : value,
      );
    const message = pb.ExportTraceServiceRequest.fromObject(toBase64(body.result) as Json);
    assert.equal(pb.ExportTraceServiceRequest.verify(message), null);
    const decoded = pb.ExportTraceServiceRequest.decode(
      pb.ExportTraceServiceRequest.encode(message).finish(),
    );
    const spans = (decoded as unknown as Json).resourceSpans.flatMap((rs: Json) => rs.scopeSpans[0].spans);
    assert.deepEqual(
      spans.map((s: Json) => [Buffer.from(s.traceId).toString('hex'), Buffer.from(s.spanId).toString('hex')]),
      [
        [traceId, rootId],
        [traceId, childId],
      ],
    );
    assert.equal(spans[1].startTimeUnixNano.toString(), nanos(start + 10));

    const other = await start3();
    try {
      assert.equal((await postJson(other.httpPort, 'traces', body.result)).status, 200);
      assert.deepEqual(await getJson(other, `/api/v3/traces/${traceId}`), { status: 200, body });
    } finally {
      await other.stop();
    }
  });
});
