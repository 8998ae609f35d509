// Skein's native query API under /api/skein/: full-fidelity OTLP/JSON records, span search on any span,
// logs, RED metrics, the service graph, tracing health and stored metric points. Documented in docs/api.md.
import { BackendError } from '../../errors.js';
import { findHealth } from '../../health/find-health.js';
import { HEALTH_DEFAULTS } from '../../health/health-report.js';
import { pb } from '../../otlp/proto.js';
import type {
  SpanQuery,
  StoredLog,
  StoredMetricPoint,
  StoredResource,
  StoredScope,
  StoredSpan,
  TelemetryStore,
} from '../../storage/store.js';
import { pointType } from '../../storage/sqlite/writer.js';
import type { Route } from '../http-api.js';
import { spanKindNumber } from '../jaeger/to-jaeger.js';
import { toOtlpJson } from '../otlp-json.js';
import {
  attributeFilters,
  limit,
  optionalDuration,
  optionalInt,
  parseGoDuration,
  parseSpanId,
  parseTraceId,
  required,
  timeRange,
} from '../params.js';
import { redBuckets, redByOperation } from './red.js';
import { waterfallTrace } from './waterfall.js';

const STATUS_CODES: Record<string, number> = { unset: 0, ok: 1, error: 2 };

function resourceJson(stored: StoredResource): Record<string, unknown> {
  return { ...toOtlpJson(pb.Resource, stored.resource), schemaUrl: stored.schemaUrl };
}

function scopeJson(stored: StoredScope): Record<string, unknown> {
  return { ...toOtlpJson(pb.InstrumentationScope, stored.scope), schemaUrl: stored.schemaUrl };
}

function spanJson(stored: StoredSpan): unknown {
  return {
    service: stored.resource.serviceName,
    resource: resourceJson(stored.resource),
    scope: scopeJson(stored.scope),
    span: toOtlpJson(pb.Span, stored.span),
  };
}

function logJson(stored: StoredLog): unknown {
  return {
    service: stored.resource.serviceName,
    resource: resourceJson(stored.resource),
    scope: scopeJson(stored.scope),
    log: toOtlpJson(pb.LogRecord, stored.log),
  };
}

function pointJson(stored: StoredMetricPoint): unknown {
  return {
    service: stored.service,
    name: stored.name,
    description: stored.description,
    unit: stored.unit,
    type: stored.type,
    aggregationTemporality: stored.aggregationTemporality,
    isMonotonic: stored.isMonotonic,
    resource: resourceJson(stored.resource),
    scope: scopeJson(stored.scope),
    point: toOtlpJson(pointType(stored.type), stored.point),
  };
}

function spanQuery(params: URLSearchParams, fallbackLimit: number): SpanQuery {
  const status = params.get('status');
  if (status && STATUS_CODES[status] === undefined) {
    throw new BackendError('SKEIN_ERR_BAD_QUERY', `unknown status '${status}': use unset, ok or error`);
  }
  const kinds = params.getAll('spanKind').map((name) => {
    const kind = spanKindNumber(name);
    if (kind === undefined) throw new BackendError('SKEIN_ERR_BAD_QUERY', `unknown spanKind '${name}'`);
    return kind;
  });
  return {
    ...timeRange(params),
    service: params.get('service') || undefined,
    operation: params.get('operation') || undefined,
    kinds,
    status: status ? STATUS_CODES[status] : undefined,
    minDurationUs: optionalDuration(params, 'minDuration'),
    maxDurationUs: optionalDuration(params, 'maxDuration'),
    attributes: attributeFilters(params, 'attr'),
    limit: limit(params, fallbackLimit, 1_000_000),
  };
}

export function nativeRoutes(store: TelemetryStore): Route[] {
  const route = (pattern: RegExp, handler: Route['handler']): Route => ({ pattern, handler });
  return [
    route(/^\/api\/skein\/traces\/([^/]+)$/, (_params, [id]) => {
      const spans = store.trace(parseTraceId(id!));
      if (spans.length === 0) throw new BackendError('SKEIN_ERR_NOT_FOUND', 'trace not found');
      return { body: { spans: spans.map(spanJson) } };
    }),
    route(/^\/api\/skein\/traces\/([^/]+)\/waterfall$/, (_params, [id]) => {
      const traceId = parseTraceId(id!);
      const outline = store.traceOutline(traceId);
      if (outline.length === 0) throw new BackendError('SKEIN_ERR_NOT_FOUND', 'trace not found');
      return { body: waterfallTrace(traceId.toString('hex'), outline) };
    }),
    route(/^\/api\/skein\/traces\/([^/]+)\/spans\/([^/]+)$/, (_params, [id, spanId]) => {
      const stored = store.span(parseTraceId(id!), parseSpanId(spanId!));
      if (!stored) throw new BackendError('SKEIN_ERR_NOT_FOUND', 'span not found');
      return { body: spanJson(stored) };
    }),
    route(/^\/api\/skein\/spans$/, (params) => ({
      body: { spans: store.findSpans(spanQuery(params, 100)).map(spanJson) },
    })),
    route(/^\/api\/skein\/logs$/, (params) => {
      const traceId = params.get('traceId');
      const spanId = params.get('spanId');
      const minSeverity = optionalInt(params, 'minSeverity');
      const logs = store.findLogs({
        ...timeRange(params),
        service: params.get('service') || undefined,
        traceId: traceId ? parseTraceId(traceId) : undefined,
        spanId: spanId ? parseSpanId(spanId) : undefined,
        minSeverity,
        text: params.get('q') || undefined,
        limit: limit(params, 100),
      });
      return { body: { logs: logs.map(logJson) } };
    }),
    route(/^\/api\/skein\/red$/, (params) => {
      const query = spanQuery(params, 1_000_000);
      if (!query.service) throw new BackendError('SKEIN_ERR_BAD_QUERY', "parameter 'service' is required");
      if (!query.kinds?.length) query.kinds = [2, 5];
      const step = params.get('step');
      const stepUs = step
        ? parseGoDuration(step, 'step')
        : Math.max(1, Math.ceil((query.endUs - query.startUs) / 60));
      const timings = store.spanTimings(query);
      return {
        body: {
          service: query.service,
          operation: query.operation ?? null,
          step: stepUs,
          buckets: redBuckets(timings, query.startUs, query.endUs, Math.max(1, stepUs)),
          operations: query.operation ? undefined : redByOperation(timings, query.startUs, query.endUs),
        },
      };
    }),
    route(/^\/api\/skein\/service-graph$/, (params) => {
      const edges = store.serviceEdges(timeRange(params));
      const services = new Set(store.services());
      for (const e of edges) services.add(e.parent).add(e.child);
      return { body: { nodes: [...services].sort().map((service) => ({ service })), edges } };
    }),
    route(/^\/api\/skein\/health$/, (params) => {
      const { startUs, endUs } = timeRange(params);
      const options = {
        spanLimit: limit(params, HEALTH_DEFAULTS.spanLimit, 200_000),
        orphanGraceMicros: optionalDuration(params, 'grace'),
        skewToleranceMicros: optionalDuration(params, 'tolerance'),
      };
      return { body: findHealth(store, { startMicros: startUs, endMicros: endUs }, options) };
    }),
    route(/^\/api\/skein\/metrics$/, (params) => ({
      body: { metrics: store.metricNames(required(params, 'service')) },
    })),
    route(/^\/api\/skein\/metrics\/points$/, (params) => {
      const points = store.findMetricPoints({
        ...timeRange(params),
        service: required(params, 'service'),
        name: required(params, 'name'),
        limit: limit(params, 1000, 100_000),
      });
      return { body: { points: points.map(pointJson) } };
    }),
  ];
}
