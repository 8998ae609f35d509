// Trace context and baggage carried in plain message header maps (queues, jobs, events), through the globally
// registered propagator.
import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

/**
 * Writes the current (or given) context into `headers` as traceparent/tracestate/baggage and returns them.
 *
 * @example
 * await queue.publish({ body, headers: injectContext({}) });
 */
export function injectContext(
  headers: Record<string, string>,
  from: Context = context.active(),
): Record<string, string> {
  propagation.inject(from, headers);
  return headers;
}

/** Reads the context a producer injected; an absent or invalid traceparent yields a context without a parent. */
export function extractContext(headers: Readonly<Record<string, string | undefined>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}
