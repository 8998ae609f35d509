// Every target of the HTTP benchmark, in table order; `id` is what --only selects.
import type { TargetSpec } from './driver/target.js';

// The official instrumentations emit the stable HTTP semantic conventions (as Skein does) only when opted in.
const stableSemconv = { OTEL_SEMCONV_STABILITY_OPT_IN: 'http' };

export const allTargets: TargetSpec[] = [
  { id: 'raw', name: 'raw node:http', module: 'raw' },
  { id: 'raw-als', name: 'node:http + AsyncLocalStorage', module: 'raw-als' },
  { id: 'skein-untraced', name: 'skein untraced', module: 'skein', env: { SKEIN_BENCH_TRACED: 'false' } },
  { id: 'skein-traced', name: 'skein traced', module: 'skein' },
  { id: 'fastify', name: 'fastify', module: 'fastify' },
  { id: 'fastify-otel', name: 'fastify + @fastify/otel', module: 'fastify-otel' },
  { id: 'express', name: 'express 5', module: 'express' },
  { id: 'express-otel', name: 'express + otel http/express', module: 'express-otel', env: stableSemconv },
  { id: 'http-otel', name: 'node:http + otel http', module: 'http-otel', env: stableSemconv },
  { id: 'http-manual', name: 'node:http + manual span (SDK)', module: 'http-manual' },
];
