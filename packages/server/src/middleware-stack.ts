// The middleware added with app.use(), each with the path prefix it covers.
import type { Middleware } from './compose.js';

interface ScopedMiddleware {
  readonly prefix: string;
  readonly fn: Middleware;
}

/** `prefix` covers `path` when it equals it or is a whole-segment prefix of it (`/api` covers `/api/x`, not `/apix`). */
function covers(prefix: string, path: string): boolean {
  if (prefix === '/' || path === prefix) return true;
  return path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47;
}

export class MiddlewareStack {
  readonly #entries: ScopedMiddleware[] = [];

  add(prefix: string, fns: readonly Middleware[]): void {
    const normalized = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    for (const fn of fns) this.#entries.push({ prefix: normalized, fn });
  }

  /** The middleware covering `path` (a route template or a request path), outermost first. */
  covering(path: string): Middleware[] {
    const fns: Middleware[] = [];
    for (const entry of this.#entries) if (covers(entry.prefix, path)) fns.push(entry.fn);
    return fns;
  }
}
