import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import { pino } from 'pino';
import { createApp } from './app.js';
import { HttpError } from './errors.js';

const silent = pino({ level: 'silent' });

describe('routing', () => {
  const app = createApp({ name: 'test', telemetry: false, logger: silent });
  app.get('/users', () => [{ id: '1' }]);
  app.get('/users/:id', (ctx) => ({ id: ctx.params.id, expand: ctx.query.expand }));
  app.put('/users/:id', (ctx) => ctx.status(202).json({ replaced: ctx.params.id }));
  app.get('/files/*', (ctx) => ctx.text(`file ${ctx.params['*']}`));
  app.delete('/users/:id', () => undefined);
  let base = '';
  before(async () => {
    base = (await app.listen({ host: '127.0.0.1', handleSignals: false })).url;
  });
  after(() => app.close());

  it('serves a static route, serialising the returned value as JSON', async () => {
    const res = await fetch(`${base}/users`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(await res.json(), [{ id: '1' }]);
  });

  it('passes path parameters and the parsed query', async () => {
    const res = await fetch(`${base}/users/42?expand=orders`);
    assert.deepEqual(await res.json(), { id: '42', expand: 'orders' });
  });

  it('serves a wildcard route with the rest of the path', async () => {
    const res = await fetch(`${base}/files/a/b.txt`);
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await res.text(), 'file a/b.txt');
  });

  it('lets a handler answer with ctx helpers and a status', async () => {
    const res = await fetch(`${base}/users/7`, { method: 'PUT' });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { replaced: '7' });
  });

  it('answers 204 when a handler returns nothing', async () => {
    const res = await fetch(`${base}/users/7`, { method: 'DELETE' });
    assert.equal(res.status, 204);
  });

  it('answers 404 as problem+json for an unknown path', async () => {
    const res = await fetch(`${base}/nope?secret=1`);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(await res.json(), {
      type: 'urn:skein:error:SKEIN_ERR_NOT_FOUND',
      title: 'Not Found',
      status: 404,
      detail: 'No route matches this path.',
      instance: '/nope',
      code: 'SKEIN_ERR_NOT_FOUND',
    });
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const res = await fetch(`${base}/users/1`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'DELETE, GET, HEAD, OPTIONS, PUT');
    const problem = (await res.json()) as { code: string };
    assert.equal(problem.code, 'SKEIN_ERR_METHOD_NOT_ALLOWED');
  });

  it('serves HEAD with the GET handler, headers and no body', async () => {
    const res = await fetch(`${base}/users/42`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(res.headers.get('content-length'), String(JSON.stringify({ id: '42' }).length));
    assert.equal(await res.text(), '');
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    const res = await fetch(`${base}/users`, { method: 'OPTIONS' });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('allow'), 'GET, HEAD, OPTIONS');
  });
});

describe('errors', () => {
  const logged: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
  const app = createApp({ name: 'test', telemetry: false, logger });
  app.get('/boom', () => {
    const err = new Error('db password is hunter2');
    throw err;
  });
  app.get('/async-boom', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    throw new TypeError('secret detail');
  });
  app.get('/teapot', () => {
    throw new HttpError(418, 'short and stout', { code: 'TEST_ERR_TEAPOT' });
  });
  let base = '';
  before(async () => {
    base = (await app.listen({ host: '127.0.0.1', handleSignals: false })).url;
  });
  after(() => app.close());

  it('answers an unexpected error with a 500 that leaks no message or stack, and logs it', async () => {
    for (const path of ['/boom', '/async-boom']) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 500);
      const text = await res.text();
      assert.doesNotMatch(text, /hunter2|secret detail|at |\.ts/);
      assert.deepEqual(JSON.parse(text), {
        type: 'urn:skein:error:SKEIN_ERR_INTERNAL',
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred.',
        instance: path,
        code: 'SKEIN_ERR_INTERNAL',
      });
    }
    assert.equal(logged.length, 2);
    assert.match(logged[0]!, /hunter2/);
  });

  it('answers a thrown HttpError with its status, code and detail', async () => {
    const res = await fetch(`${base}/teapot`);
    assert.equal(res.status, 418);
    const problem = (await res.json()) as Record<string, unknown>;
    assert.equal(problem.code, 'TEST_ERR_TEAPOT');
    assert.equal(problem.detail, 'short and stout');
    assert.equal(problem.title, "I'm a Teapot");
  });
});

describe('server limits', () => {
  const app = createApp({
    name: 'test',
    telemetry: false,
    logger: silent,
    timeouts: { headersMs: 300 },
    maxHeaderSize: 1024,
  });
  app.get('/ok', () => ({ ok: true }));
  let port = 0;
  before(async () => {
    port = (await app.listen({ host: '127.0.0.1', handleSignals: false })).port;
  });
  after(() => app.close());

  it('drops a slow-loris client that never finishes its headers', async () => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /ok HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const started = Date.now();
    try {
      await once(socket, 'close');
    } finally {
      clearInterval(trickle);
    }
    assert.ok(Date.now() - started < 3_000, 'closed within the headers timeout and one check interval');
    assert.match(received, /^HTTP\/1\.1 408/);
  });

  it('rejects a request head over maxHeaderSize with 431', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/ok`, { headers: { 'x-big': 'y'.repeat(2048) } });
    assert.equal(res.status, 431);
  });

  it('still serves ordinary requests', async () => {
    assert.equal((await fetch(`http://127.0.0.1:${port}/ok`)).status, 200);
  });
});

describe('createApp', () => {
  it('rejects a missing service name and non-positive limits up front', () => {
    assert.throws(
      () => createApp({ name: ' ', telemetry: false }),
      /`name` \(the service name\) is required/,
    );
    assert.throws(
      () => createApp({ name: 'x', telemetry: false, bodyLimit: 0 }),
      /bodyLimit must be a positive number, got 0/,
    );
    assert.throws(
      () => createApp({ name: 'x', telemetry: false, timeouts: { headersMs: Number.NaN } }),
      /timeouts.headersMs must be a positive number/,
    );
  });
});
