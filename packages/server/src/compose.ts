// The middleware onion in one function: each middleware runs around the rest of the chain.
import type { Context } from './context.js';

export type Next = () => Promise<void>;

/**
 * Runs before the rest of the chain and, after `await next()`, after it.
 * @example app.use(async (ctx, next) => { const t = performance.now(); await next(); ctx.log.info({ ms: performance.now() - t }) })
 */
export type Middleware = (ctx: Context, next: Next) => unknown;

/** Composes `middleware` (outermost first) into one function; `next()` may be called once per step. */
export function compose(middleware: readonly Middleware[]): (ctx: Context) => Promise<void> {
  return function run(ctx) {
    let called = -1;
    function dispatch(i: number): Promise<void> {
      if (i <= called) return Promise.reject(new Error('next() called more than once'));
      called = i;
      const fn = middleware[i];
      if (fn === undefined) return Promise.resolve();
      try {
        return Promise.resolve(fn(ctx, () => dispatch(i + 1))).then(ignore);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return dispatch(0);
  };
}

function ignore(): void {}
