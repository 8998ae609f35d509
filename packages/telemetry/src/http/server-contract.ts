// The contract between @skein/telemetry's HTTP server instrumentation and any server built on node:http
// (@skein/server uses it; a plain node:http handler can too). Kept in one file so both sides agree.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';

/** What a server can tell the instrumentation about the request while it is being handled. */
export interface RequestScope {
  /** The SERVER span of this request (a non-recording span when unsampled or disabled). */
  readonly span: Span;
  /**
   * The `traceresponse` header of this request (W3C Trace Context Level 2), or undefined for a span without valid
   * ids. The instrumentation sets it on the response unless the server said it writes it itself.
   */
  readonly traceResponse: string | undefined;
  /**
   * Sets the low-cardinality route template (e.g. `/users/:id`) once the router matched: renames the span to
   * `{METHOD} {route}` and sets `http.route` on the span and on the request metrics.
   */
  setRoute(route: string): void;
  /** Records a thrown error: an `exception` event, ERROR status, `error.type` = the error's type. */
  recordError(error: unknown): void;
}

/** Runs one request inside a SERVER span; ends the span and records metrics when the response is done. */
export interface HttpServerInstrumentation {
  /**
   * Extracts the W3C context from `req`, starts the SERVER span, sets the `traceresponse` header, then calls
   * `handler` with the span active (so spans and logs made inside, across awaits, are its children).
   *
   * A server that writes `scope.traceResponse` into every response head itself passes `writesTraceResponse`:
   * a header set with setHeader() before the head puts node:http's writeHead() on its slower merging path.
   */
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    handler: (req: IncomingMessage, res: ServerResponse, scope: RequestScope) => unknown,
    writesTraceResponse?: boolean,
  ): void;
}
