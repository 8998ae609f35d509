// Middleware applied by the app: path scoping, order, and the route-less answers they wrap.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createApp } from './app.js';
import { HttpError } from './errors.js';

describe('app.use', () => {
  const app = createApp({ name: 'test', telemetry: false, logger: pino({ level: 'silent' }) });
  const seen: string[] = [];
  app.get('/public', () => {
    seen.push('handler');
    return seen.slice();
  });
  app.use(async (ctx, next) => {
    seen.push('global in');
    await next();
    seen.push('global out');
    ctx.log.debug('after');
  });
  app.use('/api', async (ctx, next) => {
    seen.push('api in');
    if (ctx.req.headers.authorization !== 'Bearer ok') throw new HttpError(401, 'missing token');
    ctx.state.user = 'ada';
    await next();
    seen.push('api out');
  });
  app.get('/api/me', (ctx) => {
    seen.push('handler');
    return { user: ctx.state.user, seen: seen.slice() };
  });
  app.get('/apis', () => {
    seen.push('handler');
    return seen.slice();
  });
  let base = '';
  before(async () => {
    base = (await app.listen({ host: '127.0.0.1', handleSignals: false })).url;
  });
  after(() => app.close());

  it('applies a global middleware to routes added before and after it', async () => {
    seen.length = 0;
    assert.deepEqual(await (await fetch(`${base}/public`)).json(), ['global in', 'handler']);
    assert.deepEqual(seen, ['global in', 'handler', 'global out']);
  });

  it('runs scoped middleware inside global middleware, in onion order, sharing ctx.state', async () => {
    seen.length = 0;
    const res = await fetch(`${base}/api/me`, { headers: { authorization: 'Bearer ok' } });
    assert.deepEqual(await res.json(), { user: 'ada', seen: ['global in', 'api in', 'handler'] });
    assert.deepEqual(seen, ['global in', 'api in', 'handler', 'api out', 'global out']);
  });

  it('lets a middleware reject the request by throwing', async () => {
    const res = await fetch(`${base}/api/me`);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { detail: string }).detail, 'missing token');
  });

  it('scopes by whole path segments: /api does not cover /apis', async () => {
    seen.length = 0;
    assert.deepEqual(await (await fetch(`${base}/apis`)).json(), ['global in', 'handler']);
  });

  it('runs the middleware of a prefix around its 404 answers', async () => {
    seen.length = 0;
    assert.equal((await fetch(`${base}/api/nothing`)).status, 401);
    assert.equal(
      (await fetch(`${base}/api/nothing`, { headers: { authorization: 'Bearer ok' } })).status,
      404,
    );
  });

  it('keeps probes out of user middleware', async () => {
    seen.length = 0;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.deepEqual(seen, []);
  });
});
