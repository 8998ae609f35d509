// Exporter failures (an absent or slow backend) must never crash or flood a service: the SDK's error handler and
// diagnostic logger are routed through one reporter that prints each kind of problem at most once per interval.
// The diag level is OTEL_LOG_LEVEL's: warnings and errors are rate-limited, info and below (asked for on purpose)
// are printed as they come.
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import type { DiagLevelName } from '../config/telemetry-config.js';

const KEY_LENGTH = 60;

const DIAG_LEVELS: Record<DiagLevelName, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/**
 * The OTLP exporters parse OTEL_EXPORTER_OTLP_* from process.env themselves, although Skein passes every setting
 * explicitly; their warnings about those variables repeat (once per signal) what resolve-config already said.
 */
const DUPLICATE_CONFIGURATION_WARNING = /^(Configuration: |Failed to read (root|client) certificate)/;
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

  /** Routes the OpenTelemetry global error handler and the diag logger, at `level`, into this reporter. */
  install(level: DiagLevelName = 'info'): void {
    setGlobalErrorHandler((error) => this.reportError(error));
    const line = (message: string, args: unknown[]): string =>
      [message, ...args.map(describeError)].join(' ').replace(/\s+/g, ' ');
    const toReport = (message: string, ...args: unknown[]): void => {
      if (!DUPLICATE_CONFIGURATION_WARNING.test(message)) this.report(line(message, args));
    };
    const toWrite =
      (label: string) =>
      (message: string, ...args: unknown[]): void =>
        this.write(`[skein/telemetry] ${label}: ${line(message, args)}`);
    const logger: DiagLogger = {
      error: toReport,
      warn: toReport,
      info: toWrite('info'),
      debug: toWrite('debug'),
      verbose: toWrite('verbose'),
    };
    diag.setLogger(logger, { logLevel: DIAG_LEVELS[level], suppressOverrideMessage: true });
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.message}${code === undefined ? '' : ` (${String(code)})`}`.replace(/\s+/g, ' ');
  }
  return typeof error === 'string' ? error : String(error);
}
