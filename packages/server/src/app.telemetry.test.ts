// The app with real telemetry: SERVER spans named after the route, problem+json carrying the trace id,
// logs correlated with it, /metrics served.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupTelemetry } from '@skein/telemetry';
import { waitFor } from '@skein/testkit';
import { startOtlpReceiver, type OtlpReceiver } from '../test/otlp-receiver.js';
import { createApp, type App } from './app.js';

describe('app with telemetry', () => {
  let receiver: OtlpReceiver;
  let app: App;
  let base = '';
  const logLines: string[] = [];

  before(async () => {
    receiver = await startOtlpReceiver();
    const telemetry = setupTelemetry({
      serviceName: 'orders',
      otlpEndpoint: receiver.url,
      otlpProtocol: 'http/json',
      metrics: { exporter: 'none' },
      logs: { exporter: 'none' },
      clientTracing: false,
      runtimeMetrics: false,
      env: {},
      logDestination: { write: (line: string) => void logLines.push(line) },
    });
    app = createApp({ name: 'orders', telemetry });
    app.get('/users/:id', (ctx) => {
      ctx.log.info({ id: ctx.params.id }, 'loading user');
      return { id: ctx.params.id };
    });
    app.get('/empty', () => undefined);
    app.get('/with-header', (ctx) => {
      ctx.header('x-extra', '1');
      return { ok: true };
    });
    app.get('/raw', (ctx) => {
      ctx.res.writeHead(200, { 'content-type': 'text/csv' });
      ctx.res.end('a,b\n');
    });
    app.get('/boom', () => {
      throw new Error('connection refused by db-7');
    });
    base = (await app.listen({ host: '127.0.0.1', handleSignals: false })).url;
  });
  after(async () => {
    await app.close();
    await app.telemetry?.shutdown();
    await receiver.close();
  });

  const serverSpan = async (route: string) => {
    await app.telemetry?.forceFlush();
    return waitFor(`a SERVER span for ${route}`, () =>
      receiver.spans.find((s) => s.kind === 2 && s.attributes['http.route'] === route),
    );
  };

  it('yields a SERVER span named after the route template, with http.route', async () => {
    const res = await fetch(`${base}/users/42`);
    assert.equal(res.status, 200);
    const span = await serverSpan('/users/:id');
    assert.equal(span.name, 'GET /users/:id');
    assert.equal(span.attributes['url.path'], '/users/42');
    assert.equal(span.attributes['http.response.status_code'], 200);
    const log = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'loading user');
    assert.equal(log?.trace_id, span.traceId);
  });

  it('puts the trace id in problem+json, records the error on the span and logs it with the trace id', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const res = await fetch(`${base}/boom`, {
      headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
    });
    assert.equal(res.status, 500);
    const problem = (await res.json()) as { traceId: string; detail: string };
    assert.equal(problem.traceId, traceId);
    assert.doesNotMatch(JSON.stringify(problem), /db-7/);
    const span = await serverSpan('/boom');
    assert.equal(span.traceId, traceId);
    assert.equal(span.status.code, 2);
    assert.ok(span.events.some((e) => e.name === 'exception'));
    const log = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 50);
    assert.equal(log?.trace_id, traceId);
    assert.match(JSON.stringify(log), /db-7/);
  });

  it('sends traceresponse naming the SERVER span on every kind of response, once', async () => {
    for (const [path, route, status] of [
      ['/users/7', '/users/:id', 200],
      ['/empty', '/empty', 204],
      ['/with-header', '/with-header', 200],
      ['/raw', '/raw', 200],
    ] as const) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, status, path);
      await res.arrayBuffer();
      const header = res.headers.get('traceresponse') ?? '';
      assert.match(header, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/, path);
      const [, traceId, spanId] = header.split('-');
      await app.telemetry?.forceFlush();
      const span = await waitFor(`the SERVER span of ${path}`, () =>
        receiver.spans.find((s) => s.kind === 2 && s.spanId === spanId),
      );
      assert.equal(span.traceId, traceId, path);
      assert.equal(span.attributes['http.route'], route, path);
    }
  });

  it('puts the trace id in a 404 problem too', async () => {
    const res = await fetch(`${base}/nowhere`);
    const problem = (await res.json()) as { traceId?: string };
    assert.match(problem.traceId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(res.headers.get('traceresponse')?.split('-')[1], problem.traceId);
  });

  it('serves /metrics as Prometheus text', async () => {
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await res.text(), /http_server_request_duration/);
  });
});
