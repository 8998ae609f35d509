// CLIENT spans for outbound HTTP: Node's diagnostics channels report every global fetch (undici) request and the
// response/error of node:http(s) requests; node:http(s) requests are seen at creation through hookClientRequests
// (see there why a channel cannot be used on Node 20). The span covers the request until the response headers arrive, so a body
// that is never read cannot leave a span open.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type TextMapPropagator,
  type TextMapSetter,
  type Tracer,
} from '@opentelemetry/api';
import type { AggregatedHistogram } from '../metrics/aggregated-histogram.js';
import { isTracingSuppressed } from '@opentelemetry/core';
import { errorType } from './error-type.js';
import { hookClientRequests } from './node-http-request-hook.js';
import { semconvMethod, spanNameMethod } from './http-method.js';
import type { UrlRedactor } from './redaction.js';
import { startSpanAdopting } from '../span/lean-tracer.js';

/** The parts of undici's request object that its diagnostics channels expose. */
interface UndiciRequest {
  origin: string;
  path: string;
  method: string;
  addHeader(name: string, value: string): unknown;
}

interface OutboundRequest {
  span: Span;
  metricAttributes: Attributes;
  startTime: number;
}

const undiciSetter: TextMapSetter<UndiciRequest> = {
  set: (request, key, value) => void request.addHeader(key, value),
};

const nodeHttpSetter: TextMapSetter<ClientRequest> = {
  set: (request, key, value) => {
    if (!request.headersSent) request.setHeader(key, value);
  },
};

export class ClientTracing {
  private readonly inFlight = new WeakMap<object, OutboundRequest>();
  private readonly channels: [string, (message: unknown) => void][] = [
    ['undici:request:create', (m) => this.onUndiciCreate(m as { request: UndiciRequest })],
    [
      'undici:request:headers',
      (m) => this.onResponse(m as { request: object; response: { statusCode: number } }),
    ],
    ['undici:request:error', (m) => this.onError(m as { request: object; error: unknown })],
    [
      'http.client.response.finish',
      (m) => this.onResponse(m as { request: object; response: IncomingMessage }),
    ],
    ['http.client.request.error', (m) => this.onError(m as { request: object; error: unknown })],
  ];

  constructor(
    private readonly tracer: Tracer,
    private readonly propagator: TextMapPropagator,
    private readonly duration: AggregatedHistogram,
    private readonly redactor: UrlRedactor,
  ) {}

  private unhook: (() => void) | undefined;

  enable(): void {
    for (const [name, listener] of this.channels) subscribe(name, listener);
    this.unhook = hookClientRequests((request) => this.onNodeRequest(request));
  }

  disable(): void {
    for (const [name, listener] of this.channels) unsubscribe(name, listener);
    this.unhook?.();
    this.unhook = undefined;
  }

  private onUndiciCreate({ request }: { request: UndiciRequest }): void {
    const active = context.active();
    if (isTracingSuppressed(active)) return;
    const url = new URL(request.origin);
    const ctx = this.start(
      active,
      request,
      request.method,
      `${request.origin}${request.path}`,
      url.hostname,
      port(url),
    );
    this.propagator.inject(ctx, request, undiciSetter);
  }

  private onNodeRequest(request: ClientRequest): void {
    const active = context.active();
    if (isTracingSuppressed(active)) return;
    const host = String(request.getHeader('host') ?? request.host);
    const origin = `${request.protocol}//${host}`;
    const url = new URL(origin);
    const ctx = this.start(
      active,
      request,
      request.method,
      `${origin}${request.path}`,
      request.host,
      port(url),
    );
    this.propagator.inject(ctx, request, nodeHttpSetter);
  }

  /** Starts the CLIENT span as a child of the active context and returns the context to inject. */
  private start(
    active: ReturnType<typeof context.active>,
    key: object,
    method: string,
    fullUrl: string,
    address: string,
    serverPort: number,
  ) {
    const attrMethod = semconvMethod(method);
    const attributes: Attributes = {
      'http.request.method': attrMethod,
      'url.full': this.redactor.redactUrl(fullUrl),
      'server.address': address,
      'server.port': serverPort,
    };
    if (attrMethod !== method) attributes['http.request.method_original'] = method;
    const span = startSpanAdopting(
      this.tracer,
      spanNameMethod(method),
      { kind: SpanKind.CLIENT, attributes },
      active,
    );
    this.inFlight.set(key, {
      span,
      startTime: performance.now(),
      metricAttributes: {
        'http.request.method': attrMethod,
        'server.address': address,
        'server.port': serverPort,
      },
    });
    return trace.setSpan(active, span);
  }

  private onResponse({ request, response }: { request: object; response: { statusCode?: number } }): void {
    const outbound = this.take(request);
    if (outbound === undefined) return;
    const status = response.statusCode ?? 0;
    outbound.span.setAttribute('http.response.status_code', status);
    outbound.metricAttributes['http.response.status_code'] = status;
    if (status >= 400) {
      outbound.span.setAttribute('error.type', String(status));
      outbound.metricAttributes['error.type'] = String(status);
      outbound.span.setStatus({ code: SpanStatusCode.ERROR });
    }
    this.finish(outbound);
  }

  private onError({ request, error }: { request: object; error: unknown }): void {
    const outbound = this.take(request);
    if (outbound === undefined) return;
    const type = errorType(error);
    outbound.span.recordException(error instanceof Error ? error : String(error));
    outbound.span.setAttribute('error.type', type);
    outbound.metricAttributes['error.type'] = type;
    outbound.span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : undefined,
    });
    this.finish(outbound);
  }

  private take(request: object): OutboundRequest | undefined {
    const outbound = this.inFlight.get(request);
    if (outbound !== undefined) this.inFlight.delete(request);
    return outbound;
  }

  private finish(outbound: OutboundRequest): void {
    outbound.span.end();
    const a = outbound.metricAttributes;
    const key = `${a['http.request.method']}\u0000${a['server.address']}\u0000${a['server.port']}\u0000${a['http.response.status_code']}\u0000${a['error.type'] ?? ''}`;
    this.duration.seriesFor(key, () => a).record((performance.now() - outbound.startTime) / 1000);
  }
}

function port(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}
