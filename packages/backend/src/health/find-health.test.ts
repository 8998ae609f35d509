// Each health check on small hand-built traces stored in a real SQLite store: what it must report, and
// the look-alikes it must leave alone.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ResourceSpans } from '../otlp/model.js';
import { pb } from '../otlp/proto.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { namePattern } from './cardinality-check.js';
import { findHealth } from './find-health.js';
import type { HealthOptions, HealthReport } from './health-report.js';

const T0_MS = Date.parse('2026-01-10T00:00:00Z');
const NOW_US = (T0_MS + 3_600_000) * 1000;

interface Spec {
  service: string;
  trace: number;
  id: number;
  parent?: number;
  name: string;
  kind: number;
  startMs: number;
  endMs: number;
  attributes?: Record<string, string | number>;
}

const traceHex = (n: number): string => n.toString(16).padStart(32, '0');
const spanHex = (n: number): string => n.toString(16).padStart(16, '0');
const nanos = (ms: number): string => (BigInt(Math.round((T0_MS + ms) * 1000)) * 1000n).toString();

function batch(specs: Spec[]): ResourceSpans[] {
  const request = pb.ExportTraceServiceRequest.fromObject({
    resourceSpans: specs.map((s) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: s.service } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: Buffer.from(traceHex(s.trace), 'hex'),
              spanId: Buffer.from(spanHex(s.id), 'hex'),
              parentSpanId: s.parent ? Buffer.from(spanHex(s.parent), 'hex') : undefined,
              name: s.name,
              kind: s.kind,
              startTimeUnixNano: nanos(s.startMs),
              endTimeUnixNano: nanos(s.endMs),
              attributes: Object.entries(s.attributes ?? {}).map(([key, v]) => ({
                key,
                value: typeof v === 'number' ? { intValue: v } : { stringValue: v },
              })),
            },
          ],
        },
      ],
    })),
  }) as unknown as { resourceSpans: ResourceSpans[] };
  return request.resourceSpans;
}

const SERVER = 2;
const CLIENT = 3;
const get = (method: string, route: string, port = 8080): Record<string, string | number> => ({
  'http.request.method': method,
  'http.route': route,
  'server.address': 'localhost',
  'server.port': port,
});
const call = (method: string, port: number): Record<string, string | number> => ({
  'http.request.method': method,
  'server.address': 'localhost',
  'server.port': port,
});

/** A client span in `caller` and its server span in `callee`, in one trace. */
function tracedCall(trace: number, callee = 'api', port = 8081, offsetMs = 0): Spec[] {
  return [
    {
      service: 'web',
      trace,
      id: 1,
      name: 'GET /',
      kind: SERVER,
      startMs: 0,
      endMs: 50,
      attributes: get('GET', '/'),
    },
    {
      service: 'web',
      trace,
      id: 2,
      parent: 1,
      name: 'GET',
      kind: CLIENT,
      startMs: 5,
      endMs: 45,
      attributes: call('GET', port),
    },
    {
      service: callee,
      trace,
      id: 3,
      parent: 2,
      name: 'GET /items',
      kind: SERVER,
      startMs: 10 + offsetMs,
      endMs: 40 + offsetMs,
      attributes: get('GET', '/items', port),
    },
  ];
}

describe('findHealth', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skein-health-'));
    store = new SqliteStore(dir);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const check = (specs: Spec[], options: HealthOptions = {}): HealthReport => {
    store.writeSpans(batch(specs));
    return findHealth(
      store,
      { startMicros: (T0_MS - 60_000) * 1000, endMicros: NOW_US },
      { nowMicros: NOW_US, ...options },
    );
  };
  const kinds = (report: HealthReport): string[] => report.findings.map((f) => f.kind).sort();

  test('a healthy two-service system has no findings', () => {
    const report = check([...tracedCall(1), ...tracedCall(2)]);
    assert.deepEqual(report.findings, []);
    assert.equal(report.checkedSpans, 6);
    assert.equal(report.truncated, false);
  });

  test('a span whose parent never arrived is an orphan, once the grace period is over', () => {
    const specs = tracedCall(1).slice(2);
    assert.deepEqual(kinds(check(specs, { nowMicros: (T0_MS + 10_000) * 1000 })), []);
    const report = findHealth(
      store,
      { startMicros: T0_MS * 1000 - 1, endMicros: NOW_US },
      { nowMicros: NOW_US },
    );
    assert.equal(report.findings.length, 1);
    const [orphan] = report.findings;
    assert.equal(orphan!.kind, 'orphan-span');
    assert.deepEqual(orphan!.operations, [{ service: 'api', name: 'GET /items' }]);
    assert.deepEqual(orphan!.exampleTraceIds, [traceHex(1)]);
  });

  test('a parent that started before the range is found in the store, not reported as missing', () => {
    const specs = tracedCall(1);
    store.writeSpans(batch(specs));
    const report = findHealth(
      store,
      { startMicros: (T0_MS + 8) * 1000, endMicros: NOW_US },
      { nowMicros: NOW_US },
    );
    assert.deepEqual(report.findings, []);
  });

  test('a callee that starts a new trace while a traced caller waits on it breaks propagation', () => {
    const broken = tracedCall(1).map((s) => (s.id === 3 ? { ...s, trace: 2, parent: undefined } : s));
    const report = check([...broken, ...tracedCall(3, 'other', 9000)]);
    assert.deepEqual(kinds(report), ['broken-propagation', 'root-only-service']);
    const propagation = report.findings.find((f) => f.kind === 'broken-propagation')!;
    assert.deepEqual(propagation.details, { caller: 'web', callee: 'api' });
    assert.deepEqual(propagation.exampleTraceIds.sort(), [traceHex(1), traceHex(2)]);
    assert.match(propagation.message, /from web to api started a new trace in api/);
    const rootOnly = report.findings.find((f) => f.kind === 'root-only-service')!;
    assert.deepEqual(rootOnly.services, ['api']);
  });

  test('a root server span called by nobody traced (a browser, curl) is not a finding', () => {
    const root = tracedCall(1)
      .slice(2)
      .map((s) => ({ ...s, parent: undefined }));
    assert.deepEqual(check(root).findings, []);
  });

  test('a child starting before its parent across services is clock skew, with the offset estimated', () => {
    const report = check([...tracedCall(1, 'api', 8081, -40), ...tracedCall(2, 'api', 8081, 3)]);
    assert.deepEqual(kinds(report), ['clock-skew']);
    const [skew] = report.findings;
    assert.equal(skew!.count, 1);
    assert.deepEqual(skew!.details, { parent: 'web', child: 'api', skewMs: -40 });
    assert.deepEqual(skew!.exampleTraceIds, [traceHex(1)]);
    assert.match(skew!.message, /api's clock looks about 40 ms behind web's/);
  });

  test('a child clock ahead shows as every child starting late and ending after its client parent', () => {
    const report = check([...tracedCall(1, 'api', 8081, 30), ...tracedCall(2, 'api', 8081, 32)]);
    assert.deepEqual(kinds(report), ['clock-skew']);
    assert.equal(report.findings[0]!.count, 2);
    assert.deepEqual(report.findings[0]!.details, { parent: 'web', child: 'api', skewMs: 32 });
  });

  test('one clock under load is not skew: server spans that close after the client read the answer', () => {
    const late = (trace: number, endMs: number): Spec[] =>
      tracedCall(trace).map((s) => (s.id === 3 ? { ...s, startMs: 6, endMs } : s));
    assert.deepEqual(check([...late(1, 70), ...late(2, 60), ...late(3, 40)]).findings, []);
  });

  test('identifiers and per-request keys are not high cardinality', () => {
    const specs = Array.from({ length: 6 }, (_, i) => ({
      service: 'api',
      trace: 300 + i,
      id: 1,
      name: 'GET /orders/:id',
      kind: SERVER,
      startMs: i,
      endMs: i + 1,
      attributes: { ...get('GET', '/orders/:id'), 'order.id': `o-${i}`, 'client.port': 40000 + i },
    }));
    assert.deepEqual(check(specs, { attributeValues: 5 }).findings, []);
  });

  test('HTTP spans without their required attributes are reported per operation and attribute', () => {
    const specs = tracedCall(1).map((s) => ({ ...s, attributes: { ...s.attributes } }));
    delete specs[2]!.attributes['http.route'];
    delete specs[1]!.attributes['server.address'];
    specs.push({
      service: 'api',
      trace: 1,
      id: 4,
      parent: 3,
      name: 'SELECT items',
      kind: CLIENT,
      startMs: 12,
      endMs: 20,
      attributes: { 'db.system': 'sqlite', 'db.query.text': 'SELECT 1' },
    });
    const report = check(specs);
    const missing = report.findings.map((f) => [
      f.operations[0]!.service,
      f.operations[0]!.name,
      f.details.attribute,
    ]);
    assert.deepEqual(missing.sort(), [
      ['api', 'GET /items', 'http.route'],
      ['api', 'SELECT items', 'db.system.name'],
      ['web', 'GET', 'server.address'],
    ]);
    assert.match(
      report.findings.find((f) => f.details.attribute === 'db.system.name')!.message,
      /it sets the older key db\.system: rename it/,
    );
  });

  test('a 404 without a route is not missing http.route', () => {
    const specs = tracedCall(1);
    specs[2]!.attributes = { ...call('GET', 8081), 'http.response.status_code': 404 };
    specs[2]!.name = 'GET';
    assert.deepEqual(check(specs).findings, []);
  });

  test('span names with ids are unbounded once enough variants share one pattern', () => {
    const specs = Array.from({ length: 10 }, (_, i) => ({
      service: 'api',
      trace: 100 + i,
      id: 1,
      name: `GET /orders/${1000 + i}`,
      kind: SERVER,
      startMs: i,
      endMs: i + 1,
      attributes: get('GET', '/orders/:id'),
    }));
    assert.deepEqual(kinds(check(specs.slice(0, 9))), []);
    store.writeSpans(batch(specs.slice(9)));
    const report = findHealth(
      store,
      { startMicros: T0_MS * 1000 - 1, endMicros: NOW_US },
      { nowMicros: NOW_US },
    );
    assert.deepEqual(kinds(report), ['unbounded-span-name']);
    assert.equal(report.findings[0]!.details.pattern, 'GET /orders/{n}');
    assert.equal(report.findings[0]!.count, 10);
  });

  test('an attribute with more distinct values than allowed on one operation is high cardinality', () => {
    const specs = Array.from({ length: 6 }, (_, i) => ({
      service: 'api',
      trace: 200 + i,
      id: 1,
      name: 'GET /orders/:id',
      kind: SERVER,
      startMs: i,
      endMs: i + 1,
      attributes: { ...get('GET', `/orders/${i}`), 'url.path': `/orders/${i}` },
    }));
    const report = check(specs, { attributeValues: 5 });
    assert.deepEqual(kinds(report), ['high-attribute-cardinality']);
    assert.equal(report.findings[0]!.details.attribute, 'http.route');
    assert.equal(report.findings[0]!.severity, 'warning');
  });

  test('reports the span limit and that older spans went unchecked', () => {
    const report = check([...tracedCall(1), ...tracedCall(2)], { spanLimit: 4 });
    assert.equal(report.checkedSpans, 4);
    assert.equal(report.truncated, true);
  });
});

describe('namePattern', () => {
  test('replaces numbers, UUIDs and long hex ids, and keeps words with digits', () => {
    assert.equal(namePattern('GET /orders/42'), 'GET /orders/{n}');
    assert.equal(namePattern('GET /u/6f1c1f0e-8b3a-4c2e-9f00-0123456789ab/x'), 'GET /u/{uuid}/x');
    assert.equal(namePattern('fetch 4bf92f3577b34da6'), 'fetch {hex}');
    assert.equal(namePattern('GET /v1/orders'), 'GET /v1/orders');
  });
});
