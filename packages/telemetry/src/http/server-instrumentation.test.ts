import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { propagation, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { inMemoryTelemetry } from '../../test/in-memory-telemetry.js';
import { instrumentHandler } from './instrument-handler.js';

const harness = inMemoryTelemetry({ clientTracing: false, serviceName: 'server-test' });
let server: Server;
let port: number;
let seenInHandler: { traceId: string; baggage: string | undefined } | undefined;

before(async () => {
  server = createServer(
    instrumentHandler(harness.telemetry, async (req, res, scope) => {
      const url = req.url ?? '/';
      seenInHandler = {
        traceId: trace.getSpan(context.active())?.spanContext().traceId ?? '',
        baggage: propagation.getBaggage(context.active())?.getEntry('tenant')?.value,
      };
      if (url.startsWith('/users/')) scope.setRoute('/users/:id');
      if (url.startsWith('/boom')) throw new TypeError('boom');
      if (url.startsWith('/recorded')) {
        await Promise.resolve();
        scope.recordError(new RangeError('bad range'));
        res.statusCode = 400;
      }
      if (url.startsWith('/fail')) res.statusCode = 503;
      if (url.includes('status=404')) res.statusCode = 404;
      res.end('ok');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.close();
  await harness.telemetry.shutdown();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

function send(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function serverSpanFor(traceresponse: unknown): Promise<ReadableSpan> {
  const [, traceId, spanId] = String(traceresponse).split('-');
  const spans = await harness.spans();
  const span = spans.find((s) => s.spanContext().traceId === traceId && s.spanContext().spanId === spanId);
  assert.ok(span, `no span matches traceresponse ${String(traceresponse)}`);
  return span;
}

describe('HTTP server instrumentation', () => {
  it('records a SERVER span named by method and route with the stable semconv attributes', async () => {
    const reply = await send('/users/42?q=1&token=secret', {
      'user-agent': 'test-agent',
      host: `localhost:${port}`,
    });
    const span = await serverSpanFor(reply.headers.traceresponse);
    assert.equal(span.kind, SpanKind.SERVER);
    assert.equal(span.name, 'GET /users/:id');
    assert.equal(span.status.code, SpanStatusCode.UNSET);
    const a = span.attributes;
    assert.equal(a['http.request.method'], 'GET');
    assert.equal(a['url.path'], '/users/42');
    assert.equal(a['url.query'], 'q=1&token=REDACTED');
    assert.equal(a['url.scheme'], 'http');
    assert.equal(a['http.route'], '/users/:id');
    assert.equal(a['http.response.status_code'], 200);
    assert.equal(a['server.address'], 'localhost');
    assert.equal(a['server.port'], port);
    assert.equal(a['client.address'], '127.0.0.1');
    assert.equal(a['network.peer.address'], '127.0.0.1');
    assert.equal(typeof a['network.peer.port'], 'number');
    assert.equal(a['network.protocol.version'], '1.1');
    assert.equal(a['user_agent.original'], 'test-agent');
    assert.equal(a['error.type'], undefined);
    assert.equal(span.resource.attributes['service.name'], 'server-test');
  });

  it('names a span by method alone when no route was set', async () => {
    const reply = await send('/plain');
    assert.equal((await serverSpanFor(reply.headers.traceresponse)).name, 'GET');
  });

  it('reports an unknown method as _OTHER with the original kept and names the span HTTP', async () => {
    const reply = await send('/plain', {}, 'PROPFIND');
    const span = await serverSpanFor(reply.headers.traceresponse);
    assert.equal(span.name, 'HTTP');
    assert.equal(span.attributes['http.request.method'], '_OTHER');
    assert.equal(span.attributes['http.request.method_original'], 'PROPFIND');
  });

  it('sets ERROR status and error.type on a 5xx response', async () => {
    const reply = await send('/fail');
    assert.equal(reply.status, 503);
    const span = await serverSpanFor(reply.headers.traceresponse);
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.attributes['error.type'], '503');
  });

  it('records a thrown handler error as an exception with ERROR status and answers 500', async () => {
    const reply = await send('/boom');
    assert.equal(reply.status, 500);
    const span = await serverSpanFor(reply.headers.traceresponse);
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.attributes['error.type'], 'TypeError');
    const event = span.events.find((e) => e.name === 'exception');
    assert.equal(event?.attributes?.['exception.message'], 'boom');
  });

  it('keeps a recorded error on a 4xx response', async () => {
    const reply = await send('/recorded');
    const span = await serverSpanFor(reply.headers.traceresponse);
    assert.equal(span.attributes['http.response.status_code'], 400);
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.attributes['error.type'], 'RangeError');
  });

  it('continues an incoming trace, exposes its baggage and answers with a matching traceresponse', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const reply = await send('/plain', {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      baggage: 'tenant=acme',
    });
    const span = await serverSpanFor(reply.headers.traceresponse);
    assert.equal(span.spanContext().traceId, traceId);
    assert.equal(span.parentSpanContext?.spanId, '00f067aa0ba902b7');
    assert.match(String(reply.headers.traceresponse), new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    assert.deepEqual(seenInHandler, { traceId, baggage: 'acme' });
  });

  it('records http.server.request.duration and http.server.active_requests in the Prometheus exposition', async () => {
    await send('/users/7');
    const text = await exposition();
    assert.match(text, /# TYPE http_server_request_duration histogram/);
    assert.match(
      text,
      /http_server_request_duration_bucket\{[^}]*http_route="\/users\/:id"[^}]*le="0\.005"\}/,
    );
    assert.match(text, /le="7\.5"/);
    assert.match(text, /http_server_active_requests\{[^}]*http_request_method="GET"[^}]*\} 0/);
  });

  it("reports each connection's own peer address and port", async () => {
    const sendFromNewConnection = (): Promise<{ traceresponse: string; localPort: number }> =>
      new Promise((resolve, reject) => {
        let localPort = 0;
        const req = request({ host: '127.0.0.1', port, path: '/users/1', agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve({ traceresponse: String(res.headers.traceresponse), localPort }));
        });
        req.on('socket', (socket) => socket.on('connect', () => (localPort = socket.localPort ?? 0)));
        req.on('error', reject);
        req.end();
      });
    for (const { traceresponse, localPort } of [
      await sendFromNewConnection(),
      await sendFromNewConnection(),
    ]) {
      const span = await serverSpanFor(traceresponse);
      assert.equal(span.attributes['network.peer.port'], localPort);
      assert.equal(span.attributes['network.peer.address'], '127.0.0.1');
    }
  });

  it('keeps one duration series per method, status, route and error type', async () => {
    const count = (text: string, labels: string[]): number => {
      const line = text
        .split('\n')
        .find(
          (l) => l.startsWith('http_server_request_duration_count{') && labels.every((x) => l.includes(x)),
        );
      return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    const route = 'http_route="/users/:id"';
    const series = {
      getOk: ['http_request_method="GET"', 'http_response_status_code="200"', route],
      getMissing: ['http_request_method="GET"', 'http_response_status_code="404"', route],
      postOk: ['http_request_method="POST"', 'http_response_status_code="200"', route],
      failed: ['http_request_method="GET"', 'http_response_status_code="500"', 'error_type="TypeError"'],
    };
    const before = await exposition();
    await send('/users/1');
    await send('/users/2');
    await send('/users/3?status=404');
    await send('/users/4', {}, 'POST');
    await send('/boom');
    const after = await exposition();
    const added = (labels: string[]): number => count(after, labels) - count(before, labels);
    assert.deepEqual(
      {
        getOk: added(series.getOk),
        getMissing: added(series.getMissing),
        postOk: added(series.postOk),
        failed: added(series.failed),
      },
      { getOk: 2, getMissing: 1, postOk: 1, failed: 1 },
    );
  });
});

/** The Prometheus exposition of the harness's metrics. */
async function exposition(): Promise<string> {
  const metricsServer = createServer(harness.telemetry.metricsHandler);
  await new Promise<void>((resolve) => metricsServer.listen(0, '127.0.0.1', resolve));
  const metricsPort = (metricsServer.address() as AddressInfo).port;
  try {
    return await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  } finally {
    metricsServer.close();
  }
}
