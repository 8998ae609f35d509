// withSpan(): the one-liner for tracing a unit of work, sync or async.
import { context, trace, type Span, type SpanOptions } from '@opentelemetry/api';
import { INSTRUMENTATION_SCOPE } from '../instrumentation-scope.js';
import { runInSpan } from './run-in-span.js';

/**
 * Runs `fn` inside a new active span (child of the current one) and ends it when `fn` returns or its promise
 * settles; a throw or rejection is recorded as an exception with ERROR status and re-thrown.
 *
 * @example
 * const order = await withSpan('load order', { attributes: { 'order.id': id } }, () => db.load(id));
 */
export function withSpan<T>(name: string, fn: (span: Span) => T): T;
export function withSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => T): T;
export function withSpan<T>(
  name: string,
  optionsOrFn: SpanOptions | ((span: Span) => T),
  maybeFn?: (span: Span) => T,
): T {
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  if (fn === undefined) throw new TypeError('withSpan(name, [options], fn) needs a function');
  const options = typeof optionsOrFn === 'function' ? {} : optionsOrFn;
  const parent = context.active();
  const span = trace
    .getTracer(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version)
    .startSpan(name, options, parent);
  return runInSpan(span, parent, fn);
}
