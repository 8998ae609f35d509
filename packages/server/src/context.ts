// The per-request context handed to middleware and handlers: request, response, route data and the
// response helpers. One instance per request, every field set in the constructor (one hidden class).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { RequestScope, Telemetry } from '@skein/telemetry';
import type { Params } from './router/router.js';

export type Logger = Telemetry['logger'];
export type Span = RequestScope['span'];
/** Query parameters by name; a repeated name gives an array. */
export type Query = Record<string, string | string[] | undefined>;

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

export class Context<P = Params, Q = Query, B = unknown> {
  readonly req: IncomingMessage;
  /** Path parameters (validated and converted when the route has a `params` schema). */
  params: P;
  /** The parsed JSON body (validated when the route has a `body` schema); undefined without a body. */
  body: B;
  /** The matched route template, e.g. `/users/:id`; undefined when no route matched. */
  readonly route: string | undefined;
  /** The logger; inside a traced request its records carry trace_id and span_id. */
  readonly log: Logger;
  /** The SERVER span of this request; undefined when telemetry is off. */
  readonly span: Span | undefined;
  readonly #res: ServerResponse;
  /**
   * The `traceresponse` header still to write. The helpers below put it into the head they write, which keeps
   * node:http's writeHead() on its fast path; code that takes `res` to write itself gets it set right away.
   */
  #traceResponse: string | undefined;
  #rawQuery: string;
  #query: Q | undefined;
  #state: Record<string, unknown> | undefined;

  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    route: string | undefined,
    params: P,
    rawQuery: string,
    log: Logger,
    span: Span | undefined,
    traceResponse?: string,
  ) {
    this.req = req;
    this.#res = res;
    this.#traceResponse = traceResponse;
    this.route = route;
    this.params = params;
    this.body = undefined as B;
    this.log = log;
    this.span = span;
    this.#rawQuery = rawQuery;
    this.#query = undefined;
    this.#state = undefined;
  }

  /** The node:http response, for writing it yourself (streams, other content types). */
  get res(): ServerResponse {
    if (this.#traceResponse !== undefined) {
      if (!this.#res.headersSent) this.#res.setHeader('traceresponse', this.#traceResponse);
      this.#traceResponse = undefined;
    }
    return this.#res;
  }

  /** Query parameters, parsed on first access (validated when the route has a `query` schema). */
  get query(): Q {
    if (this.#query === undefined) this.#query = parseQuery(this.#rawQuery) as Q;
    return this.#query;
  }

  set query(value: Q) {
    this.#query = value;
  }

  /** A bag for middleware to pass values down the chain (e.g. the authenticated user). */
  get state(): Record<string, unknown> {
    if (this.#state === undefined) this.#state = {};
    return this.#state;
  }

  /** True once the response head was written: later helpers would fail. */
  get sent(): boolean {
    return this.#res.headersSent;
  }

  /** Sets the status of the response sent later. */
  status(code: number): this {
    this.#res.statusCode = code;
    return this;
  }

  /** Sets a response header (before the response is sent). */
  header(name: string, value: string | number | readonly string[]): this {
    this.#res.setHeader(name, value);
    return this;
  }

  /** Sends `value` as JSON, with `status` or the status set before (200). */
  json(value: unknown, status: number = this.#res.statusCode): void {
    this.#send(status, JSON_CONTENT_TYPE, JSON.stringify(value) ?? 'null');
  }

  /** Sends a plain-text body. */
  text(value: string, status: number = this.#res.statusCode): void {
    this.#send(status, TEXT_CONTENT_TYPE, value);
  }

  /** Ends the response without a body: 204 unless a status was set. */
  empty(status: number = this.#res.statusCode === 200 ? 204 : this.#res.statusCode): void {
    const traceResponse = this.#takeTraceResponse();
    this.#res.writeHead(status, traceResponse === undefined ? undefined : { traceresponse: traceResponse });
    this.#res.end();
  }

  #send(status: number, contentType: string, body: string): void {
    const length = Buffer.byteLength(body);
    const traceResponse = this.#takeTraceResponse();
    this.#res.writeHead(
      status,
      traceResponse === undefined
        ? { 'content-type': contentType, 'content-length': length }
        : { 'content-type': contentType, 'content-length': length, traceresponse: traceResponse },
    );
    this.#res.end(body);
  }

  #takeTraceResponse(): string | undefined {
    const traceResponse = this.#traceResponse;
    this.#traceResponse = undefined;
    return traceResponse;
  }
}
