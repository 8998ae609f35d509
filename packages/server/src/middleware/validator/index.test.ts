import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { z } from 'zod';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { createApp } from '../../app.js';
import { validator } from './index.js';

// A hand-written Standard Schema v1 validator with an async validate: any vendor must work, not just zod.
const evenParams: StandardSchemaV1<unknown, { n: number }> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: async (value) => {
      const n = Number((value as { n?: string }).n);
      return Number.isInteger(n) && n % 2 === 0
        ? { value: { n } }
        : { issues: [{ message: 'must be even', path: [{ key: 'n' }] }] };
    },
  },
};

describe('schema validation', () => {
  const app = createApp({ name: 'test', telemetry: false, logger: pino({ level: 'silent' }) });
  app.post(
    '/users/:id/orders',
    {
      schema: {
        params: z.object({ id: z.coerce.number().int().positive() }),
        query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
        body: z.object({
          items: z.array(z.object({ sku: z.string(), qty: z.number().int().min(1) })).min(1),
        }),
      },
    },
    (ctx) => ({
      userId: ctx.params.id,
      idType: typeof ctx.params.id,
      items: ctx.body.items.length,
      dryRun: ctx.query.dryRun,
    }),
  );
  app.get('/even/:n', { schema: { params: evenParams } }, (ctx) => ({ n: ctx.params.n }));
  app.use('/guarded', validator({ query: z.object({ token: z.string().min(3) }) }));
  app.get('/guarded', () => ({ ok: true }));
  let base = '';
  before(async () => {
    base = (await app.listen({ host: '127.0.0.1', handleSignals: false })).url;
  });
  after(() => app.close());

  it('passes the validated, converted values to the handler', async () => {
    const res = await fetch(`${base}/users/7/orders?dryRun=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'a', qty: 2 }] }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { userId: 7, idType: 'number', items: 1, dryRun: 'true' });
  });

  it('answers 400 listing every bad field of params, query and body with its path and message', async () => {
    const res = await fetch(`${base}/users/-1/orders?dryRun=maybe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'a', qty: 0 }, { qty: 1 }] }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    const problem = (await res.json()) as {
      code: string;
      title: string;
      errors: { in: string; path: string; message: string }[];
    };
    assert.equal(problem.code, 'SKEIN_ERR_VALIDATION');
    assert.deepEqual(
      problem.errors.map((e) => `${e.in} ${e.path}`),
      ['params /id', 'query /dryRun', 'body /items/0/qty', 'body /items/1/sku'],
    );
    for (const e of problem.errors) assert.ok(e.message.length > 0);
  });

  it('reports a missing body as one issue on the whole body', async () => {
    const res = await fetch(`${base}/users/1/orders`, { method: 'POST' });
    const problem = (await res.json()) as { errors: { in: string; path: string }[] };
    assert.deepEqual(
      problem.errors.map((e) => [e.in, e.path]),
      [['body', '']],
    );
  });

  it('accepts any Standard Schema v1 validator, including async ones', async () => {
    assert.deepEqual(await (await fetch(`${base}/even/4`)).json(), { n: 4 });
    const problem = (await (await fetch(`${base}/even/3`)).json()) as { errors: unknown[] };
    assert.deepEqual(problem.errors, [{ in: 'params', path: '/n', message: 'must be even' }]);
  });

  it('works as a scoped middleware', async () => {
    assert.equal((await fetch(`${base}/guarded?token=abc`)).status, 200);
    assert.equal((await fetch(`${base}/guarded?token=a`)).status, 400);
  });
});
