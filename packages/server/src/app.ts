// The app: routes on the router, middleware scoped by path prefix, errors rendered once as problem+json,
// health probes, and listen/close with graceful shutdown. With telemetry, every request runs inside
// @skein/telemetry's server contract (a SERVER span named after the route, metrics, correlated logs).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { setupTelemetry, type RequestScope, type Telemetry } from '@skein/telemetry';
import { checkAppOptions, type AppOptions, type Listening, type ListenOptions } from './app-options.js';
import { compose, type Middleware } from './compose.js';
import { Context, type Logger } from './context.js';
import { HttpError, InternalError } from './errors.js';
import { Readiness, type ReadinessCheck } from './health.js';
import type { RequestSchema } from './middleware/validator/index.js';
import { MiddlewareStack } from './middleware-stack.js';
import { sendProblem } from './problem.js';
import {
  answerUnmatched,
  createRoute,
  respond,
  type ContextFor,
  type Handler,
  type Route,
  type RouteOptions,
} from './route.js';
import { FindMyWayRouter } from './router/find-my-way.js';
import type { Router } from './router/router.js';
import { drainServer, onShutdownSignal } from './shutdown.js';

/**
 * Adds a route for one method: `(path, handler)`, or `(path, { schema, bodyLimit }, handler)` with the
 * handler's ctx typed by the schema. Returns the app, to chain.
 * @example app.get('/users/:id', (ctx) => ({ id: ctx.params.id }))
 */
export interface RouteRegistrar {
  <S extends RequestSchema>(path: string, options: RouteOptions<S>, handler: Handler<ContextFor<S>>): App;
  (path: string, handler: Handler): App;
}

const INVALID_TRACE_ID = '00000000000000000000000000000000';

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function traceIdOf(scope: RequestScope | undefined): string | undefined {
  if (scope === undefined) return undefined;
  const id = scope.span.spanContext().traceId;
  return id === INVALID_TRACE_ID ? undefined : id;
}

export class App {
  readonly name: string;
  /** The node:http request listener: pass it to your own server, or use it in tests and benchmarks. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  readonly log: Logger;
  readonly telemetry: Telemetry | undefined;
  readonly #ownsTelemetry: boolean;
  readonly #router: Router<Route>;
  readonly #routes: Route[] = [];
  readonly #middleware = new MiddlewareStack();
  readonly #readiness = new Readiness();
  readonly #options: AppOptions;
  #server: Server | undefined;
  #draining = false;
  #closing: Promise<void> | undefined;
  #removeSignalListeners: (() => void) | undefined;

  constructor(options: AppOptions, telemetry: Telemetry | undefined, ownsTelemetry: boolean) {
    this.name = options.name;
    this.#options = options;
    this.telemetry = telemetry;
    this.#ownsTelemetry = ownsTelemetry;
    // Asynchronous stdout, as the telemetry logger does: no sync I/O when a request logs.
    this.log =
      telemetry?.logger ?? options.logger ?? pino({ name: options.name }, pino.destination({ sync: false }));
    this.#router = new FindMyWayRouter<Route>({ ...options.router, compiled: true });
    if (telemetry === undefined) {
      this.handler = (req, res) => this.#dispatch(req, res, undefined);
    } else {
      const http = telemetry.httpServer;
      const traced = (req: IncomingMessage, res: ServerResponse, scope: RequestScope): void =>
        this.#dispatch(req, res, scope);
      // The Context writes traceresponse into the heads it writes (see context.ts).
      this.handler = (req, res) => http.handle(req, res, traced, true);
    }
    if (options.probes !== false) this.#addProbes(telemetry);
  }

  /** The listening server, once listen() resolved. */
  get server(): Server | undefined {
    return this.#server;
  }

  readonly get = this.#registrar('GET');
  readonly post = this.#registrar('POST');
  readonly put = this.#registrar('PUT');
  readonly patch = this.#registrar('PATCH');
  readonly delete = this.#registrar('DELETE');

  /** Any other method (`OPTIONS`, `HEAD`, ...), with the same arguments as get(). */
  route<S extends RequestSchema>(
    method: string,
    path: string,
    options: RouteOptions<S>,
    handler: Handler<ContextFor<S>>,
  ): this;
  route(method: string, path: string, handler: Handler): this;
  route(method: string, path: string, a: RouteOptions | Handler, b?: Handler): this {
    return this.#on(method.toUpperCase(), path, a, b);
  }

  /**
   * Adds middleware around every route under `prefix` (default `/`), in onion order: the first added runs
   * outermost. It applies to routes added before and after it, and to 404/405 answers under the prefix.
   * @example app.use('/api', async (ctx, next) => { if (!ctx.req.headers.authorization) throw new HttpError(401); await next() })
   */
  use(prefix: string, ...middleware: Middleware[]): this;
  use(...middleware: Middleware[]): this;
  use(first: string | Middleware, ...rest: Middleware[]): this {
    if (typeof first === 'string') this.#middleware.add(first, rest);
    else this.#middleware.add('/', [first, ...rest]);
    for (const route of this.#routes) this.#link(route);
    return this;
  }

  /**
   * Registers a readiness check, run on every GET /readyz: false, a throw, or no answer within `timeoutMs`
   * (default 2 s) reports 503.
   */
  readiness(name: string, check: ReadinessCheck, timeoutMs?: number): this {
    this.#readiness.add(name, check, timeoutMs);
    return this;
  }

  /** Starts an HTTP server with the app's timeouts; resolves once it accepts connections. */
  async listen(options: ListenOptions = {}): Promise<Listening> {
    if (this.#server !== undefined) throw new Error('the app is already listening');
    const timeouts = this.#options.timeouts ?? {};
    const headersTimeout = timeouts.headersMs ?? 10_000;
    const server = createServer(
      {
        headersTimeout,
        requestTimeout: Math.max(timeouts.requestMs ?? 30_000, headersTimeout),
        maxHeaderSize: this.#options.maxHeaderSize ?? 16 * 1024,
        // Node checks the two timeouts above on this interval (30 s by default), too late for slow clients.
        connectionsCheckingInterval: Math.min(1_000, headersTimeout),
      },
      this.handler,
    );
    server.keepAliveTimeout = timeouts.keepAliveMs ?? 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
    if (options.handleSignals !== false) {
      this.#removeSignalListeners = onShutdownSignal((signal) => void this.#exitOnSignal(signal));
    }
    const { port } = server.address() as AddressInfo;
    const host = options.host === undefined || options.host === '0.0.0.0' ? 'localhost' : options.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    // Message-only records outside requests: @skein/telemetry's logger cannot merge an object there yet.
    this.log.info(`${this.name} listening on ${url}`);
    return { port, url };
  }

  /**
   * Shuts down gracefully: /readyz turns 503, the server stops accepting, in-flight requests finish
   * (connections are dropped after `shutdownTimeoutMs`), then telemetry is flushed. Safe to call twice.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#draining = true;
    this.#readiness.drain();
    this.#removeSignalListeners?.();
    if (this.#server !== undefined) {
      const { forced } = await drainServer(this.#server, this.#options.shutdownTimeoutMs ?? 10_000);
      if (forced) this.log.warn('shutdown deadline passed: open connections were dropped');
    }
    if (this.telemetry !== undefined) {
      await (this.#ownsTelemetry ? this.telemetry.shutdown() : this.telemetry.forceFlush());
    } else {
      this.log.flush();
    }
  }

  async #exitOnSignal(signal: NodeJS.Signals): Promise<void> {
    this.log.info(`${signal} received: shutting down`);
    let code = 0;
    try {
      await this.close();
      await this.telemetry?.shutdown();
    } catch (err) {
      this.log.error(`shutdown failed: ${String(err)}`);
      code = 1;
    }
    process.exit(code);
  }

  #registrar(method: string): RouteRegistrar {
    return ((path: string, a: RouteOptions | Handler, b?: Handler) =>
      this.#on(method, path, a, b)) as RouteRegistrar;
  }

  #on(method: string, template: string, a: RouteOptions | Handler, b: Handler | undefined): this {
    const options = typeof a === 'function' ? {} : a;
    const handler = typeof a === 'function' ? a : b;
    if (handler === undefined) throw new TypeError(`${method} ${template}: a handler is required`);
    this.#add(method, template, options, handler, true);
    return this;
  }

  #add(method: string, template: string, options: RouteOptions, handler: Handler, scoped: boolean): void {
    const route = createRoute(method, template, options, handler, this.#options.bodyLimit, scoped);
    this.#router.add(method, template, route);
    this.#routes.push(route);
    this.#link(route);
  }

  #link(route: Route): void {
    const fns = route.scoped ? this.#middleware.covering(route.template) : [];
    route.run = fns.length === 0 ? route.final : compose([...fns, route.final]);
    route.direct = fns.length === 0 && !route.parseBody && route.schema === undefined;
  }

  #addProbes(telemetry: Telemetry | undefined): void {
    this.#add('GET', '/healthz', {}, () => ({ status: 'ok' }), false);
    this.#add('GET', '/readyz', {}, () => this.#readiness.report(), false);
    if (telemetry === undefined) return;
    const metrics = (ctx: Context): Promise<void> =>
      new Promise((resolve) => {
        ctx.res.once('close', resolve);
        telemetry.metricsHandler(ctx.req, ctx.res);
      });
    this.#add('GET', '/metrics', {}, metrics, false);
  }

  #dispatch(req: IncomingMessage, res: ServerResponse, scope: RequestScope | undefined): void {
    if (this.#draining) res.setHeader('connection', 'close');
    const method = req.method as string;
    const url = req.url as string;
    let match = this.#router.match(method, url);
    if (match === null && method === 'HEAD') match = this.#router.match('GET', url);
    if (match === null) {
      this.#dispatchUnmatched(req, res, scope);
      return;
    }
    const route = match.store;
    if (scope !== undefined) scope.setRoute(route.template);
    const ctx = new Context(
      req,
      res,
      route.template,
      match.params,
      match.searchParams,
      this.log,
      scope?.span,
      scope?.traceResponse,
    );
    if (route.direct) this.#serveDirect(ctx, route.handler, scope);
    else void this.#serve(ctx, route.run, scope);
  }

  /** The common case on its own path: a handler with nothing around it, answered without a promise when sync. */
  #serveDirect(ctx: Context, handler: Handler, scope: RequestScope | undefined): void {
    try {
      const result = handler(ctx);
      if (result instanceof Promise) void this.#settle(ctx, result, scope);
      else respond(ctx, result);
    } catch (err) {
      this.#fail(ctx, scope, err);
    }
  }

  async #settle(ctx: Context, result: Promise<unknown>, scope: RequestScope | undefined): Promise<void> {
    try {
      respond(ctx, await result);
    } catch (err) {
      this.#fail(ctx, scope, err);
    }
  }

  #dispatchUnmatched(req: IncomingMessage, res: ServerResponse, scope: RequestScope | undefined): void {
    const url = req.url as string;
    const path = pathOf(url);
    const methods = this.#router.methodsFor(url);
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    if (methods.length > 0 && !methods.includes('OPTIONS')) methods.push('OPTIONS');
    const allowed = methods.sort().join(', ');
    const ctx = new Context(
      req,
      res,
      undefined,
      {},
      url.slice(path.length + 1),
      this.log,
      scope?.span,
      scope?.traceResponse,
    );
    const answer = async (c: Context): Promise<void> => answerUnmatched(c, allowed);
    const fns = this.#middleware.covering(path);
    void this.#serve(ctx, fns.length === 0 ? answer : compose([...fns, answer]), scope);
  }

  async #serve(
    ctx: Context,
    run: (ctx: Context) => Promise<void>,
    scope: RequestScope | undefined,
  ): Promise<void> {
    try {
      await run(ctx);
    } catch (err) {
      this.#fail(ctx, scope, err);
    }
  }

  /** Turns a thrown value into the response: its own status for an HttpError, else a 500 that leaks nothing. */
  #fail(ctx: Context, scope: RequestScope | undefined, err: unknown): void {
    const known = err instanceof HttpError;
    const error = known ? err : new InternalError();
    if (error.status >= 500) scope?.recordError(err);
    if (!known) {
      ctx.log.error(
        { err, method: ctx.req.method, route: ctx.route },
        'unhandled error while serving a request',
      );
    }
    if (ctx.res.headersSent) {
      ctx.res.destroy();
      return;
    }
    sendProblem(ctx.res, error, pathOf(ctx.req.url as string), traceIdOf(scope));
  }
}

/**
 * Creates an app. Telemetry is on by default (`setupTelemetry({ serviceName: name })`, configured by the
 * OTEL_* environment); pass your own handle, or `telemetry: false` to serve untraced.
 * @example
 * const app = createApp({ name: 'orders' });
 * app.get('/users/:id', (ctx) => ({ id: ctx.params.id }));
 * await app.listen({ port: 3000 });
 */
export function createApp(options: AppOptions): App {
  checkAppOptions(options);
  if (options.telemetry === false) return new App(options, undefined, false);
  if (options.telemetry !== undefined) return new App(options, options.telemetry, false);
  return new App(options, setupTelemetry({ serviceName: options.name }), true);
}
