// PRODUCER and CONSUMER spans with the messaging semconv. The consumer span is a CHILD of the producer's span (so
// a message flow reads as one trace) and also LINKS to it, as semconv asks of consumer spans, so tools that follow
// links (or a batch consumer that starts a new root) still find the producer.
import { context, SpanKind, trace, type Attributes, type Link, type Span } from '@opentelemetry/api';
import { runInSpan } from '../span/run-in-span.js';
import { INSTRUMENTATION_SCOPE } from '../instrumentation-scope.js';
import { extractContext, injectContext } from './message-context.js';

export interface MessageDescription {
  /** messaging.system, e.g. `kafka`, `rabbitmq`, or your own queue's name. */
  system: string;
  /** messaging.destination.name: the queue or topic. */
  destination: string;
  /** messaging.message.id, when the message has one. */
  messageId?: string;
}

function messagingAttributes(message: MessageDescription, operation: string): Attributes {
  const attributes: Attributes = {
    'messaging.system': message.system,
    'messaging.destination.name': message.destination,
    'messaging.operation.type': operation,
    'messaging.operation.name': operation,
  };
  if (message.messageId !== undefined) attributes['messaging.message.id'] = message.messageId;
  return attributes;
}

/**
 * Opens a PRODUCER span `send {destination}`, injects its context into `headers`, then runs `fn` (which sends).
 *
 * @example
 * const headers = {};
 * await withProducerSpan({ system: 'memq', destination: 'orders' }, headers, () => queue.send(body, headers));
 */
export function withProducerSpan<T>(
  message: MessageDescription,
  headers: Record<string, string>,
  fn: (span: Span) => T,
): T {
  const parent = context.active();
  const span = trace
    .getTracer(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version)
    .startSpan(
      `send ${message.destination}`,
      { kind: SpanKind.PRODUCER, attributes: messagingAttributes(message, 'send') },
      parent,
    );
  injectContext(headers, trace.setSpan(parent, span));
  return runInSpan(span, parent, fn);
}

/**
 * Opens a CONSUMER span `{operation} {destination}` (operation `process` by default, or `receive`) for a message
 * whose `headers` a producer filled, and runs `fn` inside it; the producer's baggage is active too.
 */
export function withConsumerSpan<T>(
  message: MessageDescription & { operation?: 'process' | 'receive' },
  headers: Readonly<Record<string, string | undefined>>,
  fn: (span: Span) => T,
): T {
  const operation = message.operation ?? 'process';
  const producer = extractContext(headers);
  const producerSpan = trace.getSpanContext(producer);
  const links: Link[] =
    producerSpan && trace.isSpanContextValid(producerSpan) ? [{ context: producerSpan }] : [];
  const span = trace
    .getTracer(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version)
    .startSpan(
      `${operation} ${message.destination}`,
      { kind: SpanKind.CONSUMER, attributes: messagingAttributes(message, operation), links },
      producer,
    );
  return runInSpan(span, producer, fn);
}
