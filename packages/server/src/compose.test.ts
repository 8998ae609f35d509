import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compose, type Middleware } from './compose.js';
import type { Context } from './context.js';

const ctx = {} as Context;

describe('compose', () => {
  it('runs middleware in onion order: in outermost first, out innermost first', async () => {
    const seen: string[] = [];
    const layer =
      (name: string): Middleware =>
      async (_ctx, next) => {
        seen.push(`${name} in`);
        await next();
        seen.push(`${name} out`);
      };
    await compose([layer('a'), layer('b'), layer('c')])(ctx);
    assert.deepEqual(seen, ['a in', 'b in', 'c in', 'c out', 'b out', 'a out']);
  });

  it('stops the chain when a middleware does not call next', async () => {
    let reached = false;
    await compose([
      () => undefined,
      () => {
        reached = true;
      },
    ])(ctx);
    assert.equal(reached, false);
  });

  it('rejects with the error a middleware throws, synchronously or not', async () => {
    await assert.rejects(
      compose([
        () => {
          throw new Error('sync');
        },
      ])(ctx),
      /sync/,
    );
    await assert.rejects(
      compose([async (_c, next) => next(), async () => Promise.reject(new Error('async'))])(ctx),
      /async/,
    );
  });

  it('rejects a second call of next', async () => {
    await assert.rejects(
      compose([
        async (_c, next) => {
          await next();
          await next();
        },
      ])(ctx),
      /next\(\) called more than once/,
    );
  });
});
