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
    const metricsServer = createServer(harness.telemetry.metricsHandler);
    await new Promise<void>((resolve) => metricsServer.listen(0, '127.0.0.1', resolve));
    const metricsPort = (metricsServer.address() as AddressInfo).port;
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    metricsServer.close();
    assert.match(text, /# TYPE http_server_request_duration histogram/);
    assert.match(
      text,
      /http_server_request_duration_bucket\{[^}]*http_route="\/users\/:id"[^}]*le="0\.005"\}/,
    );
    assert.match(text, /le="7\.5"/);
    assert.match(text, /http_server_active_requests\{[^}]*http_request_method="GET"[^}]*\} 0/);
  });
});
