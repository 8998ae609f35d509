import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { once } from 'node:events';
import { connect } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../app.js';
import { isJsonMediaType } from './json.js';

describe('isJsonMediaType', () => {
  it('accepts application/json with parameters and +json types, nothing else', () => {
    assert.equal(isJsonMediaType('application/json'), true);
    assert.equal(isJsonMediaType('Application/JSON; charset=utf-8'), true);
    assert.equal(isJsonMediaType('application/merge-patch+json'), true);
    assert.equal(isJsonMediaType('text/plain'), false);
    assert.equal(isJsonMediaType('application/jsonx'), false);
    assert.equal(isJsonMediaType(undefined), false);
  });
});

describe('JSON request bodies', () => {
  const errorLogs: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void errorLogs.push(line) });
  const app = createApp({ name: 'test', telemetry: false, logger, bodyLimit: 64 });
  app.post('/echo', (ctx) => ({ got: ctx.body }));
  app.post('/big/:id', { bodyLimit: 1024 }, (ctx) => ({ id: ctx.params.id?.toUpperCase() }));
  let base = '';
  before(async () => {
    base = (await app.listen({ host: '127.0.0.1', handleSignals: false })).url;
  });
  after(() => app.close());

  const port = (): number => Number(new URL(base).port);
  const post = (path: string, body: string, contentType = 'application/json'): Promise<Response> =>
    fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': contentType } });

  it('parses a JSON body into ctx.body', async () => {
    const res = await post('/echo', '{"a":[1,2]}');
    assert.deepEqual(await res.json(), { got: { a: [1, 2] } });
  });

  it('leaves ctx.body undefined without a body', async () => {
    const res = await fetch(`${base}/echo`, { method: 'POST' });
    assert.deepEqual(await res.json(), {});
  });

  it('answers 400 SKEIN_ERR_MALFORMED_JSON for a body that is not JSON', async () => {
    const res = await post('/echo', '{"a":');
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.equal(((await res.json()) as { code: string }).code, 'SKEIN_ERR_MALFORMED_JSON');
  });

  it('answers 415 SKEIN_ERR_UNSUPPORTED_MEDIA_TYPE for a body of another type', async () => {
    const res = await post('/echo', 'a=1', 'application/x-www-form-urlencoded');
    assert.equal(res.status, 415);
    assert.equal(((await res.json()) as { code: string }).code, 'SKEIN_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 SKEIN_ERR_BODY_TOO_LARGE when Content-Length exceeds the limit, and closes', async () => {
    const res = await post('/echo', JSON.stringify({ pad: 'x'.repeat(100) }));
    assert.equal(res.status, 413);
    assert.equal(res.headers.get('connection'), 'close');
    const problem = (await res.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'SKEIN_ERR_BODY_TOO_LARGE');
    assert.equal(problem.detail, 'The request body exceeds the limit of 64 bytes.');
  });

  it('answers 413 for a chunked body that grows past the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"pad":"');
      req.write('x'.repeat(100));
      req.end('"}');
    });
    assert.equal(status, 413);
  });

  it('takes a per-route limit over the app limit', async () => {
    const res = await post('/big/a', JSON.stringify({ pad: 'x'.repeat(100) }));
    assert.deepEqual(await res.json(), { id: 'A' });
  });

  it('treats a client that disconnects mid-body as aborted, not as a server error', async () => {
    const socket = connect(port(), '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"a":',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(errorLogs, []);
    assert.equal((await post('/echo', '{}')).status, 200);
  });
});
