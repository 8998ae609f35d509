// Plain node:http (the raw target's handler) with a minimal hand-written tracing middleware on the official SDK:
// extract the parent, one SERVER span with three attributes and the status code, active while the handler runs,
// ended when the response finishes. The floor of tracing with the SDK as it is documented (BatchSpanProcessor,
// the official OTLP/HTTP protobuf exporter, the AsyncLocalStorage context manager), without semconv coverage,
// metrics, redaction or traceresponse, for comparison with what Skein's instrumentation does per request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace, type Span } from '@opentelemetry/api';
import { startOfficialSdk } from './official-sdk.js';
import { serveUsers } from './raw-handler.js';
import { announce, port } from './listening.js';

startOfficialSdk('bench-http-manual');
const tracer = trace.getTracer('bench-http-manual');

function endSpan(this: ServerResponse & { span?: Span }): void {
  this.span?.setAttribute('http.response.status_code', this.statusCode);
  this.span?.end();
}

const server = createServer((req: IncomingMessage, res: ServerResponse & { span?: Span }) => {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(
    req.method ?? 'GET',
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method, 'url.path': req.url, 'url.scheme': 'http' },
    },
    parent,
  );
  res.span = span;
  res.on('finish', endSpan);
  context.with(trace.setSpan(parent, span), serveUsers, undefined, req, res);
});
server.listen(port, '127.0.0.1', () => announce(server));
