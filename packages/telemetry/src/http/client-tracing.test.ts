import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { context, propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { freePort } from '@skein/testkit';
import { inMemoryTelemetry } from '../../test/in-memory-telemetry.js';
import { withSpan } from '../span/with-span.js';

const harness = inMemoryTelemetry({ runtimeMetrics: false });
let server: Server;
let port: number;
const received: IncomingHttpHeaders[] = [];

before(async () => {
  server = createServer((req, res) => {
    received.push(req.headers);
    res.statusCode = req.url?.startsWith('/missing') ? 404 : 200;
    res.end('body');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.close();
  await harness.telemetry.shutdown();
});

function nodeGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function clientSpanIn(traceId: string) {
  const spans = (await harness.spans()).filter(
    (s) => s.kind === SpanKind.CLIENT && s.spanContext().traceId === traceId,
  );
  assert.equal(spans.length, 1, 'exactly one CLIENT span in the trace');
  return spans[0]!;
}

const clients: [string, (url: string) => Promise<number>][] = [
  ['fetch', async (url) => (await fetch(url)).status],
  ['node:http', nodeGet],
];

for (const [client, get] of clients) {
  describe(`client tracing with ${client}`, () => {
    it('creates a CLIENT span child of the active span and injects traceparent and baggage', async () => {
      const bag = propagation.createBaggage({ tenant: { value: 'acme' } });
      const parent = await context.with(propagation.setBaggage(context.active(), bag), () =>
        withSpan('caller', async (span) => {
          await get(`http://127.0.0.1:${port}/items?id=1&token=s3cret`);
          return span.spanContext();
        }),
      );
      const span = await clientSpanIn(parent.traceId);
      assert.equal(span.name, 'GET');
      assert.equal(span.parentSpanContext?.spanId, parent.spanId);
      assert.equal(span.attributes['http.request.method'], 'GET');
      assert.equal(span.attributes['url.full'], `http://127.0.0.1:${port}/items?id=1&token=REDACTED`);
      assert.equal(span.attributes['server.address'], '127.0.0.1');
      assert.equal(span.attributes['server.port'], port);
      assert.equal(span.attributes['http.response.status_code'], 200);
      assert.equal(span.status.code, SpanStatusCode.UNSET);
      const headers = received.at(-1)!;
      assert.equal(headers.traceparent, `00-${parent.traceId}-${span.spanContext().spanId}-01`);
      assert.equal(headers.baggage, 'tenant=acme');
    });

    it('marks a 4xx response as an error', async () => {
      const parent = await withSpan('caller', async (span) => {
        assert.equal(await get(`http://127.0.0.1:${port}/missing`), 404);
        return span.spanContext();
      });
      const span = await clientSpanIn(parent.traceId);
      assert.equal(span.status.code, SpanStatusCode.ERROR);
      assert.equal(span.attributes['error.type'], '404');
    });

    it('records a connection failure with error.type and an exception event', async () => {
      const closed = await freePort();
      const parent = await withSpan('caller', async (span) => {
        await assert.rejects(get(`http://127.0.0.1:${closed}/`));
        return span.spanContext();
      });
      const span = await clientSpanIn(parent.traceId);
      assert.equal(span.status.code, SpanStatusCode.ERROR);
      assert.equal(span.attributes['error.type'], 'ECONNREFUSED');
      assert.ok(span.events.some((e) => e.name === 'exception'));
    });
  });
}

describe('client metrics', () => {
  it('records http.client.request.duration with server.address and server.port', async () => {
    await fetch(`http://127.0.0.1:${port}/m`);
    const metricsServer = createServer(harness.telemetry.metricsHandler);
    await new Promise<void>((resolve) => metricsServer.listen(0, '127.0.0.1', resolve));
    const text = await new Promise<string>((resolve, reject) => {
      const address = metricsServer.address() as AddressInfo;
      request(`http://127.0.0.1:${address.port}/metrics`, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      })
        .on('error', reject)
        .end();
    });
    metricsServer.close();
    assert.match(
      text,
      new RegExp(
        `http_client_request_duration_count\\{[^}]*server_address="127.0.0.1",server_port="${port}"`,
      ),
    );
  });
});
