// The pino JSON logger: records made inside a span carry trace_id/span_id/trace_flags, and, when a logs exporter
// is configured, every record is also emitted as an OTel log record (built from the call arguments, no re-parsing).
import { context, trace } from '@opentelemetry/api';
import { SeverityNumber, type Logger as OtelLogger } from '@opentelemetry/api-logs';
import { pino, type DestinationStream, type Level, type Logger, type LoggerOptions } from 'pino';

const NO_IDS = Object.freeze({});

/** pino level numbers → OTel severity numbers. */
const SEVERITY: Record<number, SeverityNumber> = {
  10: SeverityNumber.TRACE,
  20: SeverityNumber.DEBUG,
  30: SeverityNumber.INFO,
  40: SeverityNumber.WARN,
  50: SeverityNumber.ERROR,
  60: SeverityNumber.FATAL,
};

export interface CorrelatedLoggerOptions {
  level: string;
  serviceName: string;
  destination: DestinationStream;
  /** Receives a copy of each record as an OTel log record. */
  otelLogger: OtelLogger | undefined;
}

export function createCorrelatedLogger(options: CorrelatedLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level,
    base: { service: options.serviceName },
    mixin: traceIds,
  };
  const otelLogger = options.otelLogger;
  if (otelLogger !== undefined) {
    config.hooks = {
      logMethod(args, method, level) {
        emitOtelRecord(otelLogger, args, level);
        method.apply(this, args);
      },
    };
  }
  return pino(config, options.destination);
}

/** The asynchronous stdout destination used by default; flushed by Telemetry.shutdown(). */
export function defaultDestination(): DestinationStream & { flushSync(): void } {
  return pino.destination({ dest: 1, sync: false });
}

function traceIds(): object {
  const span = trace.getSpan(context.active());
  if (span === undefined) return NO_IDS;
  const ids = span.spanContext();
  if (!trace.isSpanContextValid(ids)) return NO_IDS;
  return { trace_id: ids.traceId, span_id: ids.spanId, trace_flags: ids.traceFlags & 1 ? '01' : '00' };
}

function emitOtelRecord(otelLogger: OtelLogger, args: unknown[], level: number): void {
  const [first, second] = args;
  const attributes: Record<string, string | number | boolean> = {};
  let body: string | undefined;
  if (typeof first === 'object' && first !== null) {
    if (first instanceof Error) copyError(attributes, first);
    else
      for (const key in first) {
        const value = (first as Record<string, unknown>)[key];
        if (value instanceof Error) copyError(attributes, value);
        else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
          attributes[key] = value;
      }
    if (typeof second === 'string') body = second;
  } else if (typeof first === 'string') {
    body = first;
  }
  otelLogger.emit({
    severityNumber: SEVERITY[level] ?? SeverityNumber.UNSPECIFIED,
    severityText: (pino.levels.labels[level] ?? 'info').toUpperCase() as Uppercase<Level>,
    body,
    attributes,
    context: context.active(),
  });
}

function copyError(attributes: Record<string, string | number | boolean>, error: Error): void {
  attributes['exception.type'] = error.name;
  attributes['exception.message'] = error.message;
  if (error.stack !== undefined) attributes['exception.stacktrace'] = error.stack;
}
