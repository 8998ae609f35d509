// Runs a function with a span active and ends the span when the function (or its promise) settles, recording a
// thrown error as an exception event with ERROR status. Warns once when the span is no longer active after the
// function's await: context does not follow promises, so every span started after an await starts a new trace.
import { context, diag, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { errorType } from '../http/error-type.js';

export const LOST_CONTEXT_WARNING =
  'the active span was lost across an await inside withSpan(): no context manager follows promises (it is ' +
  'missing, disabled or replaced), so spans started after an await begin new traces. Call setupTelemetry() ' +
  'before any traced work and keep its context manager.';

let lostContextReported = false;

/** Called in a continuation registered inside the span's context: the span must still be active there. */
function checkContextKept(span: Span): void {
  if (lostContextReported || !span.isRecording() || trace.getSpan(context.active()) === span) return;
  lostContextReported = true;
  diag.warn(LOST_CONTEXT_WARNING);
}

/** Ends `span` when `promise` settles; registered inside the span's context, so the check above can run. */
function endWhenSettled(span: Span, promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value: unknown) => {
      checkContextKept(span);
      span.end();
      return value;
    },
    (error: unknown) => {
      failSpan(span, error);
      throw error;
    },
  );
}

export function runInSpan<T>(span: Span, parent: Context, fn: (span: Span) => T): T {
  let result: T;
  try {
    result = context.with(trace.setSpan(parent, span), () => {
      const value = fn(span);
      return (value instanceof Promise ? endWhenSettled(span, value) : value) as T;
    });
  } catch (error) {
    failSpan(span, error);
    throw error;
  }
  if (!(result instanceof Promise)) span.end();
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
