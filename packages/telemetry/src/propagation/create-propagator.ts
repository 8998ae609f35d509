// Builds the text-map propagator named by OTEL_PROPAGATORS. The OTel W3CTraceContextPropagator was checked against
// every invalid-traceparent class of the W3C spec (see trace-context.test.ts) and follows it, so it is used as is.
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { PropagatorName } from '../config/telemetry-config.js';

export function createPropagator(names: readonly PropagatorName[]): TextMapPropagator {
  const propagators: TextMapPropagator[] = [];
  for (const name of names) {
    propagators.push(name === 'tracecontext' ? new W3CTraceContextPropagator() : new W3CBaggagePropagator());
  }
  return new CompositePropagator({ propagators });
}
