// The one interface every router implements: register a route template with its record, match a request
// URL to it. The app depends on this interface only; src/router/find-my-way.ts is the implementation.

/** Path parameters by name; a wildcard route's tail is under `*`. */
export type Params = Record<string, string | undefined>;

export interface RouteMatch<T> {
  /** The record registered with the route. */
  readonly store: T;
  readonly params: Params;
  /** The raw query string after `?` (undecoded, possibly empty), parsed lazily by the context. */
  readonly searchParams: string;
}

export interface Router<T> {
  /** Registers `store` for `method` and a template such as `/users/:id` or `/files/*`. */
  add(method: string, template: string, store: T): void;
  /** Matches a request URL (path and query); null when no route of `method` matches. */
  match(method: string, url: string): RouteMatch<T> | null;
  /** Every registered method with a route matching the URL's path (for 405 `Allow` and OPTIONS). */
  methodsFor(url: string): string[];
}

export interface RouterOptions {
  /** `/users/` matches `/users` (default false). */
  ignoreTrailingSlash?: boolean;
  /** `//users` matches `/users` (default false). */
  ignoreDuplicateSlashes?: boolean;
  /** Default true. */
  caseSensitive?: boolean;
  /** Longer parameter values do not match (default 100). */
  maxParamLength?: number;
}
