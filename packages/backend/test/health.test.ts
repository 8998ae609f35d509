// The health API against deliberately broken services: real HTTP servers on loopback, traced with the
// OpenTelemetry SDK and exported over OTLP/HTTP into a real backend. One service ignores the incoming
// traceparent, one runs a skewed clock, one names spans with ids, one leaves out http.route, one passes
// context on but exports nothing; a healthy pair of services yields no finding.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { waitFor } from '@skein/testkit';
import { startBackend, type HealthFinding, type HealthReport, type RunningBackend } from '../src/index.js';

interface Behaviour {
  /** Start a new trace instead of continuing the caller's. */
  ignoreTraceparent?: boolean;
  /** Shift every timestamp by this much, as a host with a wrong clock would. */
  clockShiftMs?: number;
  /** Name spans by the raw path (ids and all) instead of the route. */
  nameByPath?: boolean;
  /** Leave out http.route. */
  noRoute?: boolean;
  /** Downstream services this one calls, in order, for each request. */
  calls?: TracedService[];
  /** Trace (and pass context on) but export nothing, as a service with a broken exporter does. */
  silent?: boolean;
}

interface TracedService {
  name: string;
  port: number;
  tracer: Tracer;
  provider: BasicTracerProvider;
  server: Server;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

function extract(req: IncomingMessage): Context {
  const match = TRACEPARENT.exec(String(req.headers.traceparent ?? ''));
  if (!match) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: match[1]!,
    spanId: match[2]!,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
}

function shifted(ms: number | undefined): Date {
  return new Date(Date.now() + (ms ?? 0));
}

/** A GET from a CLIENT span that sends its traceparent, as an instrumented HTTP client does. */
function tracedGet(
  from: TracedService,
  parent: Context,
  to: TracedService,
  path: string,
  shiftMs?: number,
): Promise<void> {
  const span = from.tracer.startSpan(
    'GET',
    {
      kind: SpanKind.CLIENT,
      startTime: shifted(shiftMs),
      attributes: {
        'http.request.method': 'GET',
        'server.address': '127.0.0.1',
        'server.port': to.port,
        'url.full': `http://127.0.0.1:${to.port}${path}`,
      },
    },
    parent,
  );
  const { traceId, spanId } = span.spanContext();
  return new Promise<void>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: to.port, path, headers: { traceparent: `00-${traceId}-${spanId}-01` } },
      (res) => {
        res.resume();
        res.on('end', () => {
          span.setAttribute('http.response.status_code', res.statusCode ?? 0);
          span.end(shifted(shiftMs));
          resolve();
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function serverSpan(service: TracedService, behaviour: Behaviour, req: IncomingMessage, route: string): Span {
  const parent = behaviour.ignoreTraceparent ? ROOT_CONTEXT : extract(req);
  const path = req.url ?? '/';
  const attributes: Record<string, string | number> = {
    'http.request.method': 'GET',
    'url.path': path,
    'url.scheme': 'http',
    'server.address': '127.0.0.1',
    'server.port': service.port,
  };
  if (!behaviour.noRoute) attributes['http.route'] = route;
  const name = behaviour.nameByPath ? `GET ${path}` : behaviour.noRoute ? 'GET' : `GET ${route}`;
  return service.tracer.startSpan(
    name,
    { kind: SpanKind.SERVER, startTime: shifted(behaviour.clockShiftMs), attributes },
    parent,
  );
}

async function startService(
  name: string,
  otlpUrl: string,
  behaviour: Behaviour = {},
): Promise<TracedService> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': name }),
    spanProcessors: behaviour.silent
      ? []
      : [new SimpleSpanProcessor(new OTLPTraceExporter({ url: otlpUrl }))],
  });
  const service = {
    name,
    port: 0,
    tracer: provider.getTracer('skein-health-test'),
    provider,
  } as TracedService;
  service.server = createServer((req, res) => {
    const route = req.url?.startsWith('/orders/') ? '/orders/:id' : (req.url ?? '/');
    const span = serverSpan(service, behaviour, req, route);
    const ctx = trace.setSpan(context.active(), span);
    void (async () => {
      for (const downstream of behaviour.calls ?? []) {
        await tracedGet(service, ctx, downstream, '/work', behaviour.clockShiftMs);
      }
      span.setAttribute('http.response.status_code', 200);
      res.end('ok', () => span.end(shifted(behaviour.clockShiftMs)));
    })();
  });
  await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
  service.port = (service.server.address() as AddressInfo).port;
  return service;
}

async function stopService(service: TracedService): Promise<void> {
  await new Promise<void>((resolve) => service.server.close(() => resolve()));
  await service.provider.shutdown();
}

/** A request from outside any trace (a user, a load balancer that does not trace). */
function untracedGet(service: TracedService, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: service.port, path }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('tracing health of live services', () => {
  let dataDir: string;
  let backend: RunningBackend;
  let otlpUrl: string;
  let api: string;
  const services: TracedService[] = [];

  const start = async (name: string, behaviour?: Behaviour): Promise<TracedService> => {
    const service = await startService(name, otlpUrl, behaviour);
    services.push(service);
    return service;
  };
  const health = async (startUs: number, endUs: number): Promise<HealthReport> => {
    const res = await fetch(`${api}/api/skein/health?start=${startUs}&end=${endUs}&grace=0s`);
    assert.equal(res.status, 200);
    return (await res.json()) as HealthReport;
  };
  const spanCount = async (startUs: number, endUs: number): Promise<number> =>
    (await health(startUs, endUs)).checkedSpans;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'skein-health-'));
    backend = await startBackend({
      host: '127.0.0.1',
      grpcPort: 0,
      httpPort: 0,
      uiPort: 0,
      dataDir,
      log: () => {},
    });
    otlpUrl = `http://127.0.0.1:${backend.httpPort}/v1/traces`;
    api = `http://127.0.0.1:${backend.uiPort}`;
  });

  after(async () => {
    for (const service of services) await stopService(service);
    await backend?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('a healthy service calling another yields no finding', async () => {
    const startUs = Date.now() * 1000;
    const catalog = await start('catalog');
    const storefront = await start('storefront', { calls: [catalog] });
    for (let i = 0; i < 3; i++) await untracedGet(storefront, '/home');
    const endUs = Date.now() * 1000 + 1000;
    // 3 × (storefront server + client + catalog server).
    await waitFor('9 spans stored', async () => (await spanCount(startUs, endUs)) === 9);
    const report = await health(startUs, endUs);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.range, { startMicros: startUs, endMicros: endUs });
  });

  describe('broken services', () => {
    let report: HealthReport;
    const find = (kind: HealthFinding['kind'], service: string): HealthFinding => {
      const found = report.findings.find((f) => f.kind === kind && f.services.includes(service));
      assert.ok(found, `${kind} for ${service} in ${JSON.stringify(report.findings, null, 1)}`);
      return found;
    };
    /** Every example trace is stored and holds a span of `service`. */
    const assertExamples = async (finding: HealthFinding, service: string): Promise<void> => {
      assert.ok(finding.exampleTraceIds.length > 0);
      const services = new Set<string>();
      for (const id of finding.exampleTraceIds) {
        const res = await fetch(`${api}/api/skein/traces/${id}`);
        assert.equal(res.status, 200, id);
        for (const s of ((await res.json()) as { spans: { service: string }[] }).spans)
          services.add(s.service);
      }
      assert.ok(services.has(service), `${service} in ${[...services].join(', ')}`);
    };

    before(async () => {
      const startUs = Date.now() * 1000;
      const legacy = await start('legacy', { ignoreTraceparent: true });
      const clocky = await start('clocky', { clockShiftMs: 400 });
      const inventory = await start('inventory', { noRoute: true });
      const orders = await start('orders', { nameByPath: true });
      const stock = await start('stock');
      const silent = await start('silent', { silent: true, calls: [stock] });
      const gateway = await start('gateway', { calls: [legacy, clocky, inventory, silent] });
      for (let i = 0; i < 3; i++) await untracedGet(gateway, '/checkout');
      for (let i = 0; i < 10; i++) await untracedGet(orders, `/orders/${4000 + i}`);
      const endUs = Date.now() * 1000 + 1_000_000;
      // 3 × (gateway server + 4 clients + 3 callee servers + stock's server) + 10 order spans.
      await waitFor('37 spans stored', async () => (await spanCount(startUs, endUs)) === 37);
      report = await health(startUs, endUs);
    });

    test('a service that ignores traceparent breaks propagation from its caller and emits only roots', async () => {
      const broken = find('broken-propagation', 'legacy');
      assert.equal(broken.severity, 'error');
      assert.deepEqual(broken.details, { caller: 'gateway', callee: 'legacy' });
      assert.equal(broken.count, 3);
      assert.ok(broken.operations.some((o) => o.service === 'legacy' && o.name === 'GET /work'));
      await assertExamples(broken, 'gateway');
      await assertExamples(broken, 'legacy');
      const rootOnly = find('root-only-service', 'legacy');
      assert.deepEqual(rootOnly.services, ['legacy']);
      assert.equal(report.findings.filter((f) => f.kind === 'broken-propagation').length, 1);
    });

    test('a service with a clock 400 ms ahead is reported as skewed against its caller', async () => {
      const skew = find('clock-skew', 'clocky');
      assert.equal(skew.details.parent, 'gateway');
      assert.equal(skew.details.child, 'clocky');
      assert.ok(Math.abs(Number(skew.details.skewMs) - 400) < 50, String(skew.details.skewMs));
      assert.equal(skew.count, 3);
      await assertExamples(skew, 'clocky');
      assert.equal(report.findings.filter((f) => f.kind === 'clock-skew').length, 1);
    });

    test('span names with order ids are reported as unbounded', async () => {
      const names = find('unbounded-span-name', 'orders');
      assert.equal(names.details.pattern, 'GET /orders/{n}');
      assert.equal(names.count, 10);
      await assertExamples(names, 'orders');
    });

    test('server spans without http.route are reported on their operation', async () => {
      const missing = find('missing-attribute', 'inventory');
      assert.equal(missing.details.attribute, 'http.route');
      assert.deepEqual(missing.operations, [{ service: 'inventory', name: 'GET' }]);
      assert.equal(missing.count, 3);
      await assertExamples(missing, 'inventory');
    });

    test('spans whose parent belongs to a service that exports nothing are orphans', async () => {
      const orphans = find('orphan-span', 'stock');
      assert.deepEqual(orphans.operations, [{ service: 'stock', name: 'GET /work' }]);
      assert.equal(orphans.count, 3);
      await assertExamples(orphans, 'stock');
    });

    test('the well-behaved caller is blamed for nothing of its own', () => {
      const own = report.findings.filter((f) => f.services.length === 1 && f.services[0] === 'gateway');
      assert.deepEqual(own, []);
      assert.equal(report.findings.length, 6, JSON.stringify(report.findings.map((f) => f.kind)));
    });
  });
});
