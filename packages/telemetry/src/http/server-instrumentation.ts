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
import { semconvMethod, spanNameMethod } from './http-method.js';
import type { UrlRedactor } from './redaction.js';
import type { HttpServerInstrumentation, RequestScope } from './server-contract.js';
import { errorType } from './error-type.js';
import { LeanSpan, startSpanAdopting } from '../span/lean-tracer.js';

type Handler = (req: IncomingMessage, res: ServerResponse, scope: RequestScope) => unknown;

const STATE = Symbol('skein.requestState');

interface InstrumentedResponse extends ServerResponse {
  [STATE]?: RequestState;
}

class RequestState implements RequestScope {
  route: string | undefined = undefined;
  errorType: string | undefined = undefined;

  constructor(
    readonly span: Span,
    readonly traceResponse: string | undefined,
    readonly metrics: HttpServerMetrics,
    readonly spanMethod: string,
    readonly active: ActiveRequestSeries,
    readonly protocolVersion: string,
    readonly startTime: number,
  ) {}

  setRoute(route: string): void {
    this.route = route;
    this.span.updateName(`${this.spanMethod} ${route}`);
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
  constructor(
    private readonly tracer: Tracer,
    private readonly propagator: TextMapPropagator,
    private readonly metrics: HttpServerMetrics,
    private readonly redactor: UrlRedactor,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse, handler: Handler, writesTraceResponse = false): void {
    const parent = this.propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
    const method = req.method ?? 'GET';
    const attrMethod = semconvMethod(method);
    const spanMethod = spanNameMethod(method);
    const socket = req.socket;
    const scheme = (socket as TLSSocket).encrypted ? 'https' : 'http';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const attributes: Attributes = {
      'http.request.method': attrMethod,
      'url.path': q === -1 ? url : url.slice(0, q),
      'url.scheme': scheme,
      'network.protocol.version': req.httpVersion,
      'network.peer.address': socket.remoteAddress,
      'network.peer.port': socket.remotePort,
      'client.address': clientAddress(req),
    };
    if (q !== -1) attributes['url.query'] = this.redactor.redactQuery(url.slice(q + 1));
    if (attrMethod !== method) attributes['http.request.method_original'] = method;
    setServerAddress(attributes, req.headers.host, scheme, socket.localAddress, socket.localPort);
    const userAgent = req.headers['user-agent'];
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
      this.metrics,
      spanMethod,
      this.metrics.activeRequests.enter(attrMethod, scheme),
      req.httpVersion,
      performance.now(),
    );
    (res as InstrumentedResponse)[STATE] = state;
    res.on('close', onResponseClose);

    let result: unknown;
    try {
      result = context.with(trace.setSpan(parent, span), handler, undefined, req, res, state);
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
  const route = state.route;
  const errorType = state.errorType;
  const method = state.active.attributes['http.request.method'] as string;
  const scheme = state.active.attributes['url.scheme'] as string;
  // Route and error type are the only free-form parts; a separator no route or type contains keeps keys unique.
  const key = `${method} ${scheme} ${status} ${state.protocolVersion}\u0000${route ?? ''}\u0000${errorType ?? ''}`;
  state.metrics.duration
    .seriesFor(key, () => {
      const attrs: Attributes = {
        'http.request.method': method,
        'url.scheme': scheme,
        'http.response.status_code': status,
        'network.protocol.name': 'http',
        'network.protocol.version': state.protocolVersion,
      };
      if (route !== undefined) attrs['http.route'] = route;
      if (errorType !== undefined) attrs['error.type'] = errorType;
      return attrs;
    })
    .record(duration);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The original client as reported by the first X-Forwarded-For hop, else the socket peer. */
function clientAddress(req: IncomingMessage): string | undefined {
  const forwarded = req.headers['x-forwarded-for'];
  if (typeof forwarded === 'string' && forwarded !== '') {
    const comma = forwarded.indexOf(',');
    return (comma === -1 ? forwarded : forwarded.slice(0, comma)).trim();
  }
  return req.socket.remoteAddress;
}

/** server.address / server.port from the Host header (`name`, `name:port`, `[v6]:port`), else the local socket. */
function setServerAddress(
  attributes: Attributes,
  host: string | undefined,
  scheme: string,
  localAddress: string | undefined,
  localPort: number | undefined,
): void {
  if (host === undefined || host === '') {
    attributes['server.address'] = localAddress;
    attributes['server.port'] = localPort;
    return;
  }
  const close = host.startsWith('[') ? host.indexOf(']') : -1;
  const colon = host.indexOf(':', close === -1 ? 0 : close);
  if (colon === -1) {
    attributes['server.address'] = close === -1 ? host : host.slice(1, close);
    attributes['server.port'] = scheme === 'https' ? 443 : 80;
    return;
  }
  attributes['server.address'] = close === -1 ? host.slice(0, colon) : host.slice(1, close);
  const port = Number(host.slice(colon + 1));
  attributes['server.port'] = Number.isInteger(port) ? port : undefined;
}
