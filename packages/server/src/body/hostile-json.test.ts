// JSON bodies a hostile client sends: invalid UTF-8 and nesting deep enough to stall JSON.parse are a 400,
// and the service keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createApp } from '../app.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

describe('nestsDeeperThan', () => {
  const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

  it('measures the nesting of arrays and objects', () => {
    assert.equal(nestsDeeperThan(Buffer.from(nested(4)), 3), true);
    assert.equal(nestsDeeperThan(Buffer.from(nested(3) + ' '.repeat(10)), 3), false);
    assert.equal(nestsDeeperThan(Buffer.from(`${'{"a":'.repeat(5)}1${'}'.repeat(5)}`), 4), true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ s: '[[[[[[\\"[[[[[[', t: '{{{{{{{{' });
    assert.equal(nestsDeeperThan(Buffer.from(text), 1), false);
  });

  it('agrees with the depth of any JSON value', () => {
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 12 }), (value, max) => {
        const text = JSON.stringify(value);
        // Under 2·max bytes the answer is "not deeper" by construction.
        fc.pre(text.length > 2 * max);
        assert.equal(nestsDeeperThan(Buffer.from(text), max), depthOf(value) > max);
      }),
    );
  });
});

describe('hostile JSON bodies', () => {
  const app = createApp({ name: 'test', telemetry: false });
  app.post('/echo', (ctx) => ({ got: ctx.body }));
  let base = '';
  before(async () => {
    base = (await app.listen({ host: '127.0.0.1', handleSignals: false })).url;
  });
  after(() => app.close());

  const post = (body: Uint8Array | string): Promise<Response> =>
    fetch(`${base}/echo`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

  async function assertMalformed(res: Response, detail: RegExp): Promise<void> {
    assert.equal(res.status, 400);
    const problem = (await res.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'SKEIN_ERR_MALFORMED_JSON');
    assert.match(problem.detail, detail);
    const next = await post('{"still":"serving"}');
    assert.deepEqual(await next.json(), { got: { still: 'serving' } });
  }

  it('refuses invalid UTF-8 instead of replacing it', async () => {
    for (const bytes of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')]);
      await assertMalformed(await post(body), /not valid UTF-8/);
    }
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, also in a body close to the size limit`, async () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    await assertMalformed(await post(deep), /nests deeper than 512 levels/);
    const huge = '['.repeat(500_000) + ']'.repeat(500_000);
    await assertMalformed(await post(huge), /nests deeper/);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels`, async () => {
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    assert.equal((await post(ok)).status, 200);
  });
});
