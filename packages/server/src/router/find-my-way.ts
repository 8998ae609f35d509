// The router on find-my-way: a radix tree, optionally compiled to generated code for faster lookups.
import createFindMyWay from 'find-my-way';
import type { HTTPMethod, Instance } from 'find-my-way';
import type { RouteMatch, Router, RouterOptions } from './router.js';

// find-my-way calls no handler from find(); the route record travels as the `store`.
function unusedHandler(): void {}

// Keep the query string raw: most handlers never read it, so it is parsed only on first access.
function rawQuery(querystring: string): string {
  return querystring;
}

export class FindMyWayRouter<T> implements Router<T> {
  readonly #fmw: Instance<createFindMyWay.HTTPVersion.V1>;
  readonly #methods = new Set<string>();

  /** `compiled` turns on find-my-way's compiler mode (route trees compiled to code on first lookup). */
  constructor(options: RouterOptions & { compiled?: boolean } = {}) {
    this.#fmw = createFindMyWay({
      ignoreTrailingSlash: options.ignoreTrailingSlash ?? false,
      ignoreDuplicateSlashes: options.ignoreDuplicateSlashes ?? false,
      caseSensitive: options.caseSensitive ?? true,
      maxParamLength: options.maxParamLength ?? 100,
      querystringParser: rawQuery,
    });
    if (options.compiled === true) this.#fmw.compile();
  }

  add(method: string, template: string, store: T): void {
    this.#fmw.on(method as HTTPMethod, template, unusedHandler, store);
    this.#methods.add(method);
  }

  match(method: string, url: string): RouteMatch<T> | null {
    return this.#fmw.find(method as HTTPMethod, url) as RouteMatch<T> | null;
  }

  methodsFor(url: string): string[] {
    const allowed: string[] = [];
    for (const method of this.#methods) {
      if (this.#fmw.find(method as HTTPMethod, url) !== null) allowed.push(method);
    }
    return allowed;
  }
}
