// Jaeger's SPM endpoints (the Monitor tab) answer with Jaeger's metrics JSON computed from spans received
// over OTLP: rates, error ratios and latency quantiles per service or operation, checked value by value.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startBackend, type RunningBackend } from '../src/index.js';
import { postJson, traceRequest } from './otlp-request.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Jaeger SPM metrics API', () => {
  let backend: RunningBackend;
  let dataDir: string;
  // A whole second, so points print without a fraction; windows of 10 s end at END − 20 s, − 10 s and END.
  const END = Math.floor(Date.now() / 10_000) * 10_000 - 60_000;
  const range = `endTs=${END}&lookback=20000&step=10000&ratePer=10000`;
  const at = (agoMs: number): string => new Date(END - agoMs).toISOString().replace('.000Z', 'Z');

  const get = async (path: string): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`http://127.0.0.1:${backend.uiPort}${path}`);
    return { status: res.status, body: (await res.json()) as Json };
  };
  // Rounded to 10 µs: the store may record a duration 1 µs short (it subtracts int64 nanoseconds as doubles).
  const values = (family: Json): [string, number][][] =>
    (family.metrics as Json[]).map((m) =>
      (m.metricPoints as Json[]).map((p) => [
        p.timestamp as string,
        Math.round((p.gaugeValue.doubleValue as number) * 100) / 100,
      ]),
    );

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'skein-spm-'));
    backend = await startBackend({ grpcPort: 0, httpPort: 0, uiPort: 0, dataDir, log: () => {} });
    const span = (name: string, agoMs: number, durationMs: number, kind = 2, error = false): object => ({
      name,
      kind,
      startMs: END - agoMs,
      durationMs,
      ...(error ? { status: { code: 2 } } : {}),
    });
    const body = traceRequest({
      shop: [
        span('GET /a', 25_000, 10),
        span('GET /a', 15_000, 20, 2, true),
        span('GET /b', 12_000, 30),
        span('GET /b', 5_000, 40),
        span('SELECT', 5_000, 2, 3),
        span('GET /late', -5_000, 1),
      ],
      other: [span('GET /x', 5_000, 7)],
    });
    assert.equal((await postJson(backend.httpPort, 'traces', body)).status, 200);
  });
  after(async () => {
    await backend.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('calls: Jaeger metrics JSON, calls/sec of server spans over each ratePer window', async () => {
    const { status, body } = await get(`/api/metrics/calls?service=shop&${range}`);
    assert.equal(status, 200);
    assert.match(body.metrics[0].metricPoints[0].timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(body, {
      name: 'service_call_rate',
      type: 'GAUGE',
      help: 'calls/sec, grouped by service',
      metrics: [
        {
          labels: [{ name: 'service_name', value: 'shop' }],
          metricPoints: [
            { gaugeValue: { doubleValue: 0.1 }, timestamp: at(20_000) },
            { gaugeValue: { doubleValue: 0.2 }, timestamp: at(10_000) },
            { gaugeValue: { doubleValue: 0.1 }, timestamp: at(0) },
          ],
        },
      ],
    });
    const client = await get(`/api/metrics/calls?service=shop&spanKind=client&${range}`);
    assert.deepEqual(values(client.body), [
      [
        [at(20_000), 0],
        [at(10_000), 0],
        [at(0), 0.1],
      ],
    ]);
  });

  test('errors: the fraction of error spans per window; services given twice give two series', async () => {
    const { body } = await get(`/api/metrics/errors?service=shop&service=other&${range}`);
    assert.equal(body.name, 'service_error_rate');
    assert.equal(
      body.help,
      'error rate, computed as a fraction of errors/sec over calls/sec, grouped by service',
    );
    assert.deepEqual(
      body.metrics.map((m: Json) => m.labels),
      [[{ name: 'service_name', value: 'shop' }], [{ name: 'service_name', value: 'other' }]],
    );
    assert.deepEqual(values(body), [
      [
        [at(20_000), 0],
        [at(10_000), 0.5],
        [at(0), 0],
      ],
      [[at(0), 0]],
    ]);
  });

  test('latencies: the quantile in milliseconds, per operation when grouped', async () => {
    const { body } = await get(`/api/metrics/latencies?service=shop&quantile=0.95&${range}`);
    assert.equal(body.name, 'service_latencies');
    assert.equal(body.help, '0.95th quantile latency, grouped by service');
    assert.deepEqual(values(body), [
      [
        [at(20_000), 10],
        [at(10_000), 30],
        [at(0), 40],
      ],
    ]);
    const grouped = await get(
      `/api/metrics/latencies?service=shop&quantile=0.5&groupByOperation=true&${range}`,
    );
    assert.equal(grouped.body.name, 'service_operation_latencies');
    assert.equal(grouped.body.help, '0.50th quantile latency, grouped by service & operation');
    assert.deepEqual(
      grouped.body.metrics.map((m: Json) => m.labels),
      [
        [
          { name: 'operation', value: 'GET /a' },
          { name: 'service_name', value: 'shop' },
        ],
        [
          { name: 'operation', value: 'GET /b' },
          { name: 'service_name', value: 'shop' },
        ],
      ],
    );
    assert.deepEqual(values(grouped.body), [
      [
        [at(20_000), 10],
        [at(10_000), 20],
      ],
      [
        [at(10_000), 30],
        [at(0), 40],
      ],
    ]);
  });

  test('minstep answers in the v1 envelope, in milliseconds', async () => {
    assert.deepEqual(await get('/api/metrics/minstep'), {
      status: 200,
      body: { data: 1000, total: 0, limit: 0, offset: 0, errors: null },
    });
  });

  test('bad parameters are 400 in the v1 error envelope', async () => {
    const missing = await get(`/api/metrics/calls?${range}`);
    assert.deepEqual(missing, {
      status: 400,
      body: {
        data: null,
        total: 0,
        limit: 0,
        offset: 0,
        errors: [
          { code: 400, msg: "unable to parse param 'service': please provide at least one service name" },
        ],
      },
    });
    for (const bad of [
      `/api/metrics/latencies?service=shop&${range}`,
      `/api/metrics/latencies?service=shop&quantile=95&${range}`,
      `/api/metrics/calls?service=shop&spanKind=sideways`,
      `/api/metrics/calls?service=shop&groupByOperation=perhaps`,
      `/api/metrics/calls?service=shop&step=0`,
      `/api/metrics/calls?service=shop&lookback=soon`,
      `/api/metrics/calls?service=shop&lookback=86400000&step=1`,
    ]) {
      const res = await get(bad);
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.errors[0].code, 400);
    }
  });
});
