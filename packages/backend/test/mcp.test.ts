// The MCP endpoint, driven by the official MCP client over real HTTP against a backend fed over OTLP/HTTP.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { bridgeMcpStdio, startBackend, type RunningBackend } from '../src/index.js';
import { freePort } from '@skein/testkit';
import { hexId, postJson, traceRequest } from './otlp-request.js';

const TOOLS = [
  'get_critical_path',
  'get_health_findings',
  'get_red_metrics',
  'get_trace',
  'list_operations',
  'list_services',
  'search_traces',
];

async function startTestBackend(token?: string): Promise<{ backend: RunningBackend; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skein-mcp-'));
  const backend = await startBackend({ grpcPort: 0, httpPort: 0, uiPort: 0, dataDir, token, log: () => {} });
  return { backend, dataDir };
}

async function connect(backend: RunningBackend, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'skein-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${backend.uiPort}/mcp`), {
    requestInit: { headers },
  });
  await client.connect(transport);
  return client;
}

interface ToolAnswer {
  isError: boolean;
  text: string;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
  const result = await client.callTool({ name, arguments: args });
  const [first] = result.content as { type: string; text: string }[];
  assert.equal(first!.type, 'text');
  return { isError: result.isError === true, text: first!.text };
}

/** Calls a tool that must succeed and parses its JSON answer. */
async function callJson(client: Client, name: string, args: Record<string, unknown> = {}) {
  const answer = await call(client, name, args);
  assert.equal(answer.isError, false, answer.text);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return JSON.parse(answer.text) as any;
}

describe('MCP endpoint', () => {
  let backend: RunningBackend;
  let dataDir: string;
  let client: Client;
  const start = Date.now() - 5000;
  // Fixed ids: hexId(8) repeats itself within one millisecond.
  const checkout = hexId(16);
  const ids = {
    root: 'a000000000000001',
    cache: 'a000000000000002',
    charge: 'a000000000000003',
    payServer: 'a000000000000004',
    db: 'a000000000000005',
    render: 'a000000000000006',
  };
  const fastCheckout = checkout.slice(0, -1) + (checkout.endsWith('0') ? '1' : '0');
  const orphanTrace = hexId(16).replace(/^./, 'f');

  before(async () => {
    ({ backend, dataDir } = await startTestBackend());
    // GET /checkout waits on the charge call, then renders; the cache lookup runs beside the charge.
    const traces = traceRequest({
      frontend: [
        {
          traceId: checkout,
          spanId: ids.root,
          name: 'GET /checkout',
          kind: 2,
          startMs: start,
          durationMs: 100,
          attributes: { 'http.response.status_code': 500 },
          status: { code: 2, message: 'charge failed' },
        },
        {
          traceId: checkout,
          spanId: ids.cache,
          parentSpanId: ids.root,
          name: 'cache.get',
          startMs: start + 5,
        },
        {
          traceId: checkout,
          spanId: ids.charge,
          parentSpanId: ids.root,
          name: 'POST',
          kind: 3,
          startMs: start + 5,
          durationMs: 45,
        },
        {
          traceId: checkout,
          spanId: ids.render,
          parentSpanId: ids.root,
          name: 'render',
          startMs: start + 60,
          durationMs: 30,
        },
        {
          traceId: fastCheckout,
          spanId: 'b000000000000001',
          name: 'GET /checkout',
          kind: 2,
          startMs: start + 200,
          durationMs: 20,
        },
        { spanId: 'b000000000000002', name: 'GET /health', kind: 2, startMs: start + 300, durationMs: 2 },
      ],
      payments: [
        {
          traceId: checkout,
          spanId: ids.payServer,
          parentSpanId: ids.charge,
          name: 'POST /charge',
          kind: 2,
          startMs: start + 10,
          durationMs: 35,
          events: [{ name: 'card.declined', timeMs: start + 40 }],
        },
        {
          traceId: checkout,
          spanId: ids.db,
          parentSpanId: ids.payServer,
          name: 'db.query',
          startMs: start + 15,
          durationMs: 20,
        },
        // Its parent was never exported, and it ended long enough ago for the health check to judge it.
        {
          traceId: orphanTrace,
          spanId: 'c000000000000001',
          parentSpanId: 'c000000000000002',
          name: 'POST /refund',
          kind: 2,
          startMs: Date.now() - 120_000,
        },
      ],
    });
    assert.equal((await postJson(backend.httpPort, 'traces', traces)).status, 200);
    const log = (traceId: string, spanId: string, body: string) => ({
      timeUnixNano: String((start + 41) * 1e6),
      severityNumber: 17,
      severityText: 'ERROR',
      body: { stringValue: body },
      traceId,
      spanId,
      attributes: [{ key: 'card.brand', value: { stringValue: 'visa' } }],
    });
    const logs = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payments' } }] },
          scopeLogs: [
            {
              scope: { name: 'test' },
              logRecords: [
                log(checkout, ids.payServer, 'card declined'),
                log(fastCheckout, 'b000000000000001', 'unrelated'),
              ],
            },
          ],
        },
      ],
    };
    assert.equal((await postJson(backend.httpPort, 'logs', logs)).status, 200);
    client = await connect(backend);
  });

  after(async () => {
    await client?.close();
    await backend?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('lists every tool, read-only, with an input schema', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object');
      assert.ok(tool.description && tool.description.length > 80, `${tool.name} explains itself`);
      assert.equal(tool.annotations?.readOnlyHint, true);
    }
    const byName = new Map(tools.map((t) => [t.name, t]));
    assert.deepEqual(byName.get('get_trace')!.inputSchema.required, ['traceId']);
    assert.deepEqual(byName.get('list_operations')!.inputSchema.required, ['service']);
    assert.deepEqual(Object.keys(byName.get('search_traces')!.inputSchema.properties!).sort(), [
      'attributes',
      'end',
      'limit',
      'maxDuration',
      'minDuration',
      'operation',
      'service',
      'start',
      'status',
    ]);
  });

  test('list_services and list_operations name what is stored', async () => {
    assert.deepEqual(await callJson(client, 'list_services'), { services: ['frontend', 'payments'] });
    const { operations } = await callJson(client, 'list_operations', { service: 'frontend' });
    assert.deepEqual(operations, [
      { name: 'GET /checkout', kind: 'server' },
      { name: 'GET /health', kind: 'server' },
      { name: 'POST', kind: 'client' },
      { name: 'cache.get', kind: 'internal' },
      { name: 'render', kind: 'internal' },
    ]);
  });

  test('search_traces finds the failed checkout by status, attribute and duration', async () => {
    const byStatus = await callJson(client, 'search_traces', { service: 'frontend', status: 'error' });
    assert.deepEqual(byStatus.traces, [
      {
        traceId: checkout,
        rootService: 'frontend',
        rootOperation: 'GET /checkout',
        start: new Date(start).toISOString(),
        durationMs: 100,
        spanCount: 6,
        errorCount: 1,
        services: ['frontend', 'payments'],
      },
    ]);
    const byAttribute = await callJson(client, 'search_traces', {
      attributes: { 'http.response.status_code': 500 },
    });
    assert.deepEqual(
      byAttribute.traces.map((t: { traceId: string }) => t.traceId),
      [checkout],
    );
    const slow = await callJson(client, 'search_traces', {
      operation: 'GET /checkout',
      minDuration: '50ms',
    });
    assert.deepEqual(
      slow.traces.map((t: { traceId: string }) => t.traceId),
      [checkout],
    );
    const all = await callJson(client, 'search_traces', { operation: 'GET /checkout', limit: 1 });
    assert.deepEqual(
      all.traces.map((t: { traceId: string }) => t.traceId),
      [fastCheckout],
    );
  });

  test('get_trace returns the spans depth-first with the trace logs only', async () => {
    const trace = await callJson(client, 'get_trace', { traceId: checkout });
    assert.equal(trace.traceId, checkout);
    assert.deepEqual(
      trace.spans.map((s: { spanId: string }) => s.spanId),
      [ids.root, ids.cache, ids.charge, ids.payServer, ids.db, ids.render],
    );
    const payServer = trace.spans[3];
    assert.deepEqual(payServer, {
      spanId: ids.payServer,
      service: 'payments',
      name: 'POST /charge',
      startMs: 10,
      durationMs: 35,
      parentSpanId: ids.charge,
      kind: 'server',
      attributes: {},
      events: [{ atMs: 40, name: 'card.declined' }],
    });
    assert.equal(trace.spans[0].status, 'error');
    assert.equal(trace.spans[0].statusMessage, 'charge failed');
    assert.deepEqual(trace.spans[0].attributes, { 'http.response.status_code': 500 });
    assert.deepEqual(trace.logs, [
      {
        atMs: 41,
        service: 'payments',
        spanId: ids.payServer,
        severity: 'ERROR',
        body: 'card declined',
        attributes: { 'card.brand': 'visa' },
      },
    ]);
  });

  test('get_critical_path follows the charge, then the render, not the parallel cache lookup', async () => {
    const answer = await callJson(client, 'get_critical_path', { traceId: checkout });
    assert.equal(answer.rootSpanId, ids.root);
    assert.equal(answer.durationMs, 100);
    assert.deepEqual(
      answer.path.map((s: { name: string; criticalMs: number }) => [s.name, s.criticalMs]),
      [
        ['GET /checkout', 25],
        ['POST', 10],
        ['POST /charge', 15],
        ['db.query', 20],
        ['render', 30],
      ],
    );
    const spanName = new Map(answer.path.map((s: { spanId: string; name: string }) => [s.spanId, s.name]));
    assert.deepEqual(
      answer.segments.map((s: { spanId: string; startMs: number; endMs: number }) => [
        spanName.get(s.spanId),
        s.startMs,
        s.endMs,
      ]),
      [
        ['GET /checkout', 0, 5],
        ['POST', 5, 10],
        ['POST /charge', 10, 15],
        ['db.query', 15, 35],
        ['POST /charge', 35, 45],
        ['POST', 45, 50],
        ['GET /checkout', 50, 60],
        ['render', 60, 90],
        ['GET /checkout', 90, 100],
      ],
    );
  });

  test('get_red_metrics counts the server spans as stored and agrees with the native RED API', async () => {
    const red = await callJson(client, 'get_red_metrics', { service: 'frontend', range: '1h' });
    assert.deepEqual(red.total, {
      count: 3,
      errors: 1,
      errorRate: 0.3333,
      ratePerSecond: Number((3 / 3600).toFixed(4)),
      p50Ms: 20,
      p95Ms: 100,
      p99Ms: 100,
    });
    assert.deepEqual(
      red.operations.map((o: { operation: string; count: number; errors: number }) => [
        o.operation,
        o.count,
        o.errors,
      ]),
      [
        ['GET /checkout', 2, 1],
        ['GET /health', 1, 0],
      ],
    );
    assert.equal(red.series.length, 12);
    assert.equal(
      red.series.reduce((n: number, b: { count: number }) => n + b.count, 0),
      3,
    );
    const native = (await (
      await fetch(`http://127.0.0.1:${backend.uiPort}/api/skein/red?service=frontend&lookback=1h`)
    ).json()) as { operations: { operation: string; count: number; errors: number; p95: number }[] };
    assert.deepEqual(
      native.operations.map((o) => [o.operation, o.count, o.errors, o.p95 / 1000]),
      red.operations.map((o: { operation: string; count: number; errors: number; p95Ms: number }) => [
        o.operation,
        o.count,
        o.errors,
        o.p95Ms,
      ]),
    );
    const one = await callJson(client, 'get_red_metrics', { service: 'frontend', operation: 'GET /health' });
    assert.equal(one.total.count, 1);
    assert.equal(one.operations, undefined);
  });

  test('get_health_findings reports the span whose parent never arrived', async () => {
    const health = await callJson(client, 'get_health_findings', { range: '1h' });
    assert.equal(health.checkedSpans, 9);
    const orphan = health.findings.find((f: { kind: string }) => f.kind === 'orphan-span');
    assert.ok(orphan, JSON.stringify(health.findings));
    assert.deepEqual(orphan.exampleTraceIds, [orphanTrace]);
    assert.deepEqual(orphan.services, ['payments']);
  });

  test('a trace too large for one answer is cut to the budget and says how much was left out', async () => {
    const big = 'f'.repeat(31) + '1';
    const count = 1500;
    const spans = Array.from({ length: count }, (_, i) => ({
      traceId: big,
      spanId: 'd' + i.toString(16).padStart(15, '0'),
      ...(i > 0 ? { parentSpanId: 'd' + '0'.repeat(15) } : {}),
      name: i === 0 ? 'GET /report' : `row ${i}`,
      startMs: start + i / 10,
      durationMs: i === 0 ? 500 : 1,
      attributes: { 'db.query.text': 'SELECT * FROM rows WHERE id = ?'.padEnd(400, ' -- padding') },
    }));
    assert.equal((await postJson(backend.httpPort, 'traces', traceRequest({ reports: spans }))).status, 200);
    const answer = await call(client, 'get_trace', { traceId: big });
    assert.equal(answer.isError, false, answer.text);
    assert.ok(answer.text.length < 100_000, `${answer.text.length} characters`);
    const trace = JSON.parse(answer.text) as {
      spanCount: number;
      spans: { attributes: object }[];
      omittedSpans: number;
    };
    assert.equal(trace.spanCount, count);
    assert.ok(trace.spans.length > 0 && trace.omittedSpans > 0);
    assert.equal(trace.spans.length + trace.omittedSpans, count);
    assert.match(JSON.stringify(trace.spans[0]!.attributes), /…"/);
  });

  test('invalid input is a tool error, and the server keeps answering', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['get_trace', { traceId: 'not-hex' }, /32 hex digits/],
      ['get_trace', { traceId: 'ab'.repeat(16) }, /not found/],
      ['get_critical_path', {}, /traceId/],
      ['search_traces', { limit: 0 }, /limit/],
      ['search_traces', { minDuration: 'soon' }, /minDuration/],
      ['search_traces', { start: 'yesterday-ish' }, /ISO 8601/],
      ['get_red_metrics', { service: 'frontend', range: '1 hour' }, /range/],
      ['list_operations', { service: 42 }, /service/],
    ];
    for (const [name, args, message] of cases) {
      const answer = await call(client, name, args);
      assert.equal(answer.isError, true, `${name} ${JSON.stringify(args)}`);
      assert.match(answer.text, message);
    }
    assert.ok((await callJson(client, 'list_services')).services.includes('frontend'));
  });

  test('GET is 405 (stateless: no server stream) and a foreign browser origin is 403', async () => {
    const url = `http://127.0.0.1:${backend.uiPort}/mcp`;
    const get = await fetch(url, { headers: { accept: 'text/event-stream' } });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    const rebound = await fetch(url, {
      method: 'POST',
      headers: {
        origin: 'http://attacker.example',
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.equal(rebound.status, 403);
  });
});

describe('MCP endpoint with a token', () => {
  let backend: RunningBackend;
  let dataDir: string;

  before(async () => {
    ({ backend, dataDir } = await startTestBackend('s3cret'));
  });
  after(async () => {
    await backend?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('refuses a client without the token or with a wrong one (401)', async () => {
    await assert.rejects(connect(backend), /401/);
    await assert.rejects(connect(backend, { authorization: 'Bearer wrong' }), /401/);
    const res = await fetch(`http://127.0.0.1:${backend.uiPort}/mcp`, { method: 'POST' });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
  });

  /** Runs the stdio bridge on in-memory streams and sends it one JSON-RPC line; resolves with the answer. */
  async function throughBridge(
    url: string,
    token?: string,
  ): Promise<{ error?: { message: string }; result?: unknown }> {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const done = bridgeMcpStdio({ url, token, stdin, stdout, onError: () => {} });
    const line = new Promise<string>((resolve) => createInterface({ input: stdout }).once('line', resolve));
    stdin.write(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      }) + '\n',
    );
    const answer = JSON.parse(await line) as { error?: { message: string }; result?: unknown };
    stdin.end();
    await done;
    return answer;
  }

  test('the stdio bridge relays with the token, and answers an error naming the backend otherwise', async () => {
    const url = `http://127.0.0.1:${backend.uiPort}/mcp`;
    const relayed = await throughBridge(url, 's3cret');
    assert.equal(relayed.error, undefined);
    assert.equal((relayed.result as { serverInfo: { name: string } }).serverInfo.name, 'skein');
    const refused = await throughBridge(url, 'wrong');
    assert.match(refused.error!.message, new RegExp(`^Skein backend at ${url}: .*401`));
    const down = await throughBridge(`http://127.0.0.1:${await freePort()}/mcp`);
    assert.match(down.error!.message, /^Skein backend at http:\/\/127\.0\.0\.1:\d+\/mcp: /);
  });

  test('accepts a client sending the token', async () => {
    const client = await connect(backend, { authorization: 'Bearer s3cret' });
    try {
      assert.deepEqual(await callJson(client, 'list_services'), { services: [] });
    } finally {
      await client.close();
    }
  });
});
