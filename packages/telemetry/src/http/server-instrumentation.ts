// SERVER spans, the traceresponse header and HTTP server metrics for node:http requests. This is the request hot
// path: one state object per request, attributes set directly, shared (not per-request) listener functions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { performance } from 'node:perf_hooks';
import {
  context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import type { ActiveRequestSeries, HttpServerMetrics } from '../metrics/http-metrics.js';
import { contextWithSpan } from '../span/context-with-span.js';
import { methodInfo } from './http-method.js';
import { clientAddress, peerOf, protocolVersionOf, setServerAddress } from './request-addresses.js';
import {
  durationSeries,
  RouteCache,
  seriesNumber,
  type FinishedRequest,
  type RouteEntry,
} from './route-cache.js';
import type { UrlRedactor } from './redaction.js';
import type { HttpServerInstrumentation, RequestScope } from './server-contract.js';
import { errorType } from './error-type.js';
import { LeanSpan, startSpanAdopting } from '../span/lean-tracer.js';

type Handler = (req: IncomingMessage, res: ServerResponse, scope: RequestScope) => unknown;

const STATE = Symbol('skein.requestState');

interface InstrumentedResponse extends ServerResponse {
  [STATE]?: RequestState;
}

class RequestState implements RequestScope, FinishedRequest {
  route: string | undefined = undefined;
  errorType: string | undefined = undefined;
  /** The response status, once the response is done. */
  status = 0;
  /** What is kept per route: span names and duration series (set with the route). */
  routeEntry: RouteEntry | undefined = undefined;

  constructor(
    readonly span: Span,
    readonly traceResponse: string | undefined,
    readonly instrumentation: NodeHttpServerInstrumentation,
    readonly spanMethod: string,
    /** The http.request.method value. */
    readonly method: string,
    readonly scheme: 'http' | 'https',
    readonly active: ActiveRequestSeries,
    readonly protocolVersion: string,
    /** Method, protocol version and scheme packed for the duration series (see seriesNumber), or -1. */
    readonly seriesNumber: number,
    readonly startTime: number,
  ) {}

  setRoute(route: string): void {
    this.route = route;
    const entry = this.instrumentation.routes.entry(route);
    this.routeEntry = entry;
    this.span.updateName(
      entry === undefined ? `${this.spanMethod} ${route}` : entry.spanName(this.spanMethod),
    );
    this.span.setAttribute('http.route', route);
  }

  recordError(error: unknown): void {
    this.errorType = errorType(error);
    this.span.recordException(error instanceof Error ? error : String(error));
    this.span.setAttribute('error.type', this.errorType);
    this.span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : undefined,
    });
  }
}

export class NodeHttpServerInstrumentation implements HttpServerInstrumentation {
  readonly routes = new RouteCache();

  constructor(
    private readonly tracer: Tracer,
    private readonly propagator: TextMapPropagator,
    readonly metrics: HttpServerMetrics,
    private readonly redactor: UrlRedactor,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse, handler: Handler, writesTraceResponse = false): void {
    // req.headers is a getter that looks its object up again on every read: read it once.
    const headers = req.headers;
    const parent = this.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    const method = req.method ?? 'GET';
    const info = methodInfo(method);
    const attrMethod = info.attribute;
    const spanMethod = info.spanName;
    const socket = req.socket;
    const scheme = (socket as TLSSocket).encrypted ? 'https' : 'http';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const protocolVersion = protocolVersionOf(req);
    const peer = peerOf(socket);
    const attributes: Attributes = {
      'http.request.method': attrMethod,
      'url.path': q === -1 ? url : url.slice(0, q),
      'url.scheme': scheme,
      'network.protocol.version': protocolVersion,
      'network.peer.address': peer.address,
      'network.peer.port': peer.port,
      'client.address': clientAddress(headers['x-forwarded-for'], peer.address),
    };
    if (q !== -1) attributes['url.query'] = this.redactor.redactQuery(url.slice(q + 1));
    if (attrMethod !== method) attributes['http.request.method_original'] = method;
    setServerAddress(attributes, headers.host, scheme, socket);
    const userAgent = headers['user-agent'];
    if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;

    const span = startSpanAdopting(this.tracer, spanMethod, { kind: SpanKind.SERVER, attributes }, parent);
    const spanContext = span.spanContext();
    // A lean span always has valid ids; only a non-recording span from the SDK path needs the check.
    const traceResponse =
      span instanceof LeanSpan || trace.isSpanContextValid(spanContext)
        ? `00-${spanContext.traceId}-${spanContext.spanId}-${spanContext.traceFlags & 1 ? '01' : '00'}`
        : undefined;
    if (traceResponse !== undefined && !writesTraceResponse) res.setHeader('traceresponse', traceResponse);
    const state = new RequestState(
      span,
      traceResponse,
      this,
      spanMethod,
      attrMethod,
      scheme,
      this.metrics.activeRequests.enter(attrMethod, scheme),
      protocolVersion,
      seriesNumber(info.index, protocolVersion, scheme),
      performance.now(),
    );
    (res as InstrumentedResponse)[STATE] = state;
    res.on('close', onResponseClose);

    let result: unknown;
    try {
      result = context.with(contextWithSpan(parent, span), handler, undefined, req, res, state);
    } catch (error) {
      failRequest(state, res, error);
      return;
    }
    if (isPromiseLike(result)) result.then(undefined, (error: unknown) => failRequest(state, res, error));
  }
}

/** A handler that threw or rejected: the error is recorded and, if nothing was sent yet, answered with a 500. */
function failRequest(state: RequestState, res: ServerResponse, error: unknown): void {
  state.recordError(error);
  if (!res.headersSent) {
    res.statusCode = 500;
    res.end();
  } else if (!res.writableEnded) {
    res.destroy();
  }
}

function onResponseClose(this: InstrumentedResponse): void {
  const state = this[STATE];
  if (state === undefined) return;
  this[STATE] = undefined;
  const span = state.span;
  const status = this.statusCode;
  const duration = (performance.now() - state.startTime) / 1000;
  span.setAttribute('http.response.status_code', status);
  if (status >= 500) {
    state.errorType ??= String(status);
    span.setStatus({ code: SpanStatusCode.ERROR });
  } else if (!this.writableFinished && state.errorType === undefined) {
    // The connection closed before the response was complete (client abort, socket error).
    state.errorType = 'aborted';
  }
  if (state.errorType !== undefined) span.setAttribute('error.type', state.errorType);
  span.end();

  state.active.count--;
  state.status = status;
  durationSeries(state.instrumentation.metrics.duration, state.routeEntry, state).record(duration);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
