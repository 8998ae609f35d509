// The Telemetry handle setupTelemetry() returns: owns the providers it was given and their lifecycle.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Meter, Tracer } from '@opentelemetry/api';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { Logger } from 'pino';
import type { HttpServerInstrumentation } from './http/server-contract.js';
import type { Telemetry } from './telemetry.js';

/** Anything that buffers telemetry: a tracer, meter or logger provider. */
export interface FlushableProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TelemetryParts {
  serviceName: string;
  enabled: boolean;
  tracer: Tracer;
  meter: Meter;
  logger: Logger;
  /** Flushed synchronously last, so shutdown messages are not lost. */
  flushLogs: () => void;
  httpServer: HttpServerInstrumentation;
  prometheus: PrometheusExporter | undefined;
  providers: FlushableProvider[];
  /** Receives the reason of a flush or shutdown that failed (e.g. the backend is unreachable). */
  reportError: (error: unknown) => void;
  /** Called once on shutdown, before the providers are flushed (unsubscribe channels, stop monitors). */
  stops: (() => void)[];
}

/** Upper bound for shutdown, so a SIGTERM handler finishes even when a backend does not answer. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

export class TelemetryRuntime implements Telemetry {
  readonly serviceName: string;
  readonly enabled: boolean;
  readonly tracer: Tracer;
  readonly meter: Meter;
  readonly logger: Logger;
  readonly httpServer: HttpServerInstrumentation;
  private shutdownPromise: Promise<void> | undefined;

  constructor(private readonly parts: TelemetryParts) {
    this.serviceName = parts.serviceName;
    this.enabled = parts.enabled;
    this.tracer = parts.tracer;
    this.meter = parts.meter;
    this.logger = parts.logger;
    this.httpServer = parts.httpServer;
    this.metricsHandler = this.metricsHandler.bind(this);
  }

  metricsHandler(req: IncomingMessage, res: ServerResponse): void {
    if (this.parts.prometheus === undefined) {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end('# telemetry disabled\n');
      return;
    }
    this.parts.prometheus.getMetricsRequestHandler(req, res);
  }

  async forceFlush(): Promise<void> {
    this.reportFailures(
      await Promise.allSettled(this.parts.providers.map((provider) => provider.forceFlush())),
    );
    this.parts.flushLogs();
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.stopEverything();
    return this.shutdownPromise;
  }

  private async stopEverything(): Promise<void> {
    for (const stop of this.parts.stops) stop();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS);
      timer.unref();
    });
    const settled = await Promise.race([
      Promise.allSettled(this.parts.providers.map((provider) => provider.shutdown())),
      deadline,
    ]);
    if (settled !== undefined) this.reportFailures(settled);
    clearTimeout(timer);
    this.parts.flushLogs();
  }

  private reportFailures(results: PromiseSettledResult<void>[]): void {
    for (const result of results) if (result.status === 'rejected') this.parts.reportError(result.reason);
  }
}
