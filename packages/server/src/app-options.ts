// What createApp() and app.listen() accept.
import type { Telemetry } from '@skein/telemetry';
import type { Logger } from './context.js';
import type { RouterOptions } from './router/router.js';

export interface Timeouts {
  /** Time allowed to receive the request headers; slow-loris clients are dropped after it (default 10 s). */
  headersMs?: number;
  /** Time allowed to receive the whole request (default 30 s). */
  requestMs?: number;
  /** How long an idle keep-alive connection stays open (default 5 s). */
  keepAliveMs?: number;
}

export interface AppOptions {
  /** The service name (`service.name` of its telemetry). */
  name: string;
  /**
   * A telemetry handle from `setupTelemetry()`, or false to serve untraced. Without it the app sets up its
   * own from the OTEL_* environment and shuts it down on close.
   */
  telemetry?: Telemetry | false;
  /** The logger when telemetry is false (default: a pino JSON logger on stdout). */
  logger?: Logger;
  /** Largest accepted JSON body in bytes (default 1 MiB). */
  bodyLimit?: number;
  router?: RouterOptions;
  timeouts?: Timeouts;
  /** Largest accepted request head in bytes (default 16 KiB). */
  maxHeaderSize?: number;
  /** How long close() waits for in-flight requests before dropping connections (default 10 s). */
  shutdownTimeoutMs?: number;
  /** Serve GET /healthz, /readyz and (with telemetry) /metrics (default true). */
  probes?: boolean;
}

export interface ListenOptions {
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  /** Default: every interface. */
  host?: string;
  /** Shut down gracefully and exit 0 on SIGTERM/SIGINT (default true). */
  handleSignals?: boolean;
}

export interface Listening {
  port: number;
  url: string;
}

function positive(value: number | undefined, name: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new TypeError(`createApp: ${name} must be a positive number, got ${String(value)}`);
  }
}

/** Rejects options that would only fail later, at listen time or on the first request. */
export function checkAppOptions(options: AppOptions): void {
  if (typeof options.name !== 'string' || options.name.trim() === '') {
    throw new TypeError('createApp: `name` (the service name) is required');
  }
  positive(options.bodyLimit, 'bodyLimit');
  positive(options.maxHeaderSize, 'maxHeaderSize');
  positive(options.shutdownTimeoutMs, 'shutdownTimeoutMs');
  positive(options.timeouts?.headersMs, 'timeouts.headersMs');
  positive(options.timeouts?.requestMs, 'timeouts.requestMs');
  positive(options.timeouts?.keepAliveMs, 'timeouts.keepAliveMs');
}
