// Exporter failures (an absent or slow backend) must never crash or flood a service: the SDK's error handler and
// diagnostic logger are routed through one reporter that prints each kind of problem at most once per interval.
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';

const KEY_LENGTH = 60;
const NO_RECEIVER_HINT =
  'no OTLP receiver listens there; start one (`skein backend`) or point OTEL_EXPORTER_OTLP_ENDPOINT at yours';

export class RateLimitedReporter {
  private readonly lastReported = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly intervalMs = 30_000,
  ) {}

  /** Reports one problem; only its first line is kept so every report stays one line. */
  report(problem: string): void {
    const newline = problem.indexOf('\n');
    const message = newline === -1 ? problem : problem.slice(0, newline);
    const key = message.slice(0, KEY_LENGTH);
    const now = Date.now();
    const last = this.lastReported.get(key);
    if (last && now - last.at < this.intervalMs) {
      last.suppressed++;
      return;
    }
    const suffix = last && last.suppressed > 0 ? ` (${last.suppressed} similar suppressed)` : '';
    this.lastReported.set(key, { at: now, suppressed: 0 });
    this.write(`[skein/telemetry] ${message}${suffix}`);
  }

  /** Reports a failed export or flush. */
  reportError(error: unknown): void {
    const description = describeError(error);
    const hint = description.includes('ECONNREFUSED') ? `: ${NO_RECEIVER_HINT}` : '';
    this.report(`export failed: ${description}${hint}`);
  }

  /** Routes the OpenTelemetry global error handler and diag warnings/errors into this reporter. */
  install(): void {
    setGlobalErrorHandler((error) => this.reportError(error));
    const toReport = (message: string, ...args: unknown[]): void =>
      this.report([message, ...args.map(describeError)].join(' '));
    const ignore = (): void => undefined;
    const logger: DiagLogger = {
      error: toReport,
      warn: toReport,
      info: ignore,
      debug: ignore,
      verbose: ignore,
    };
    diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.message}${code === undefined ? '' : ` (${String(code)})`}`.replace(/\s+/g, ' ');
  }
  return typeof error === 'string' ? error : String(error);
}
