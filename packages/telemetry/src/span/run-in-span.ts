// Runs a function with a span active and ends the span when the function (or its promise) settles, recording a
// thrown error as an exception event with ERROR status.
import { context, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { errorType } from '../http/error-type.js';

export function runInSpan<T>(span: Span, parent: Context, fn: (span: Span) => T): T {
  let result: T;
  try {
    result = context.with(trace.setSpan(parent, span), fn, undefined, span);
  } catch (error) {
    failSpan(span, error);
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        failSpan(span, error);
        throw error;
      },
    ) as T;
  }
  span.end();
  return result;
}

/** Records `error` on `span` (exception event, error.type, ERROR status) and ends it. */
export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setAttribute('error.type', errorType(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
  span.end();
}
