// Builds the text-map propagator named by OTEL_PROPAGATORS. The OTel W3CTraceContextPropagator was checked against
// every invalid-traceparent class of the W3C spec (see trace-context.test.ts) and follows it, so it is used as is.
// The others (B3, Jaeger, X-Ray, OT Trace) come from the official optional packages, loaded only when named.
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { PropagatorName } from '../config/telemetry-config.js';
import { loadOptional, type ModuleRequire } from '../optional/optional-package.js';

type PropagatorClass = new (config?: object) => TextMapPropagator;

/** The package and export of each optional propagator, and the options it is built with. */
export const PROPAGATOR_PACKAGES: Readonly<
  Record<
    Exclude<PropagatorName, 'tracecontext' | 'baggage'>,
    { name: string; exportName: string; config?: object }
  >
> = {
  // B3InjectEncoding: SINGLE_HEADER = 0, MULTI_HEADER = 1.
  b3: { name: '@opentelemetry/propagator-b3', exportName: 'B3Propagator', config: { injectEncoding: 0 } },
  b3multi: {
    name: '@opentelemetry/propagator-b3',
    exportName: 'B3Propagator',
    config: { injectEncoding: 1 },
  },
  jaeger: { name: '@opentelemetry/propagator-jaeger', exportName: 'JaegerPropagator' },
  xray: { name: '@opentelemetry/propagator-aws-xray', exportName: 'AWSXRayPropagator' },
  ottrace: { name: '@opentelemetry/propagator-ot-trace', exportName: 'OTTracePropagator' },
};

export function createPropagator(names: readonly PropagatorName[], load?: ModuleRequire): TextMapPropagator {
  const propagators: TextMapPropagator[] = [];
  for (const name of names) {
    if (name === 'tracecontext') propagators.push(new W3CTraceContextPropagator());
    else if (name === 'baggage') propagators.push(new W3CBaggagePropagator());
    else {
      const { name: pkg, exportName, config } = PROPAGATOR_PACKAGES[name];
      const module = loadOptional<Record<string, PropagatorClass>>(pkg, `the ${name} propagator`, load);
      propagators.push(new module[exportName]!(config));
    }
  }
  return new CompositePropagator({ propagators });
}
