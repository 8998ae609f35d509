// The handle `setupTelemetry()` returns: everything a service needs from its telemetry, and its lifecycle.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Meter, Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { HttpServerInstrumentation } from './http/server-contract.js';

export interface Telemetry {
  /** The resolved `service.name`. */
  readonly serviceName: string;
  /** False when OTEL_SDK_DISABLED=true or `disabled: true`: every API below still works as a no-op. */
  readonly enabled: boolean;
  readonly tracer: Tracer;
  readonly meter: Meter;
  /** JSON logger; records made inside a span carry trace_id, span_id and trace_flags. */
  readonly logger: Logger;
  /** SERVER spans and HTTP server metrics for a node:http request handler. */
  readonly httpServer: HttpServerInstrumentation;
  /** Answers a scrape with the Prometheus text exposition of every metric. */
  metricsHandler(req: IncomingMessage, res: ServerResponse): void;
  /** Exports everything buffered, on every signal. */
  forceFlush(): Promise<void>;
  /** Flushes and stops every signal; safe to call more than once. */
  shutdown(): Promise<void>;
}
