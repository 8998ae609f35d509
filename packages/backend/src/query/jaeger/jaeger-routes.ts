// Jaeger's v1 query API (what the Jaeger UI and Grafana's Jaeger data source call), over the store.
import { BackendError } from '../../errors.js';
import type { AttributeFilter, SpanQuery, TelemetryStore } from '../../storage/store.js';
import type { Route } from '../http-api.js';
import {
  attributeFilters,
  limit,
  optionalDuration,
  optionalInt,
  parseTraceId,
  required,
  timeRange,
} from '../params.js';
import { spanKindName, spanKindNumber, toJaegerTrace } from './to-jaeger.js';

/** Jaeger's response envelope. */
function envelope(data: unknown, total = Array.isArray(data) ? data.length : 0): unknown {
  return { data, total, limit: 0, offset: 0, errors: null };
}

function kindParam(params: URLSearchParams): number | undefined {
  const name = params.get('spanKind');
  if (!name) return undefined;
  const kind = spanKindNumber(name);
  if (kind === undefined) throw new BackendError('SKEIN_ERR_BAD_QUERY', `unknown spanKind '${name}'`);
  return kind;
}

/**
 * Splits tag filters into real attributes and the tags the OTLP→Jaeger mapping synthesises (`error=true`,
 * `otel.status_code`, `span.kind`), which are columns in the store rather than attributes. The api_v3
 * `query.attributes` filter takes the same tags.
 */
export function splitTags(filters: AttributeFilter[]): Pick<SpanQuery, 'attributes' | 'status' | 'kinds'> {
  const query: Pick<SpanQuery, 'attributes' | 'status' | 'kinds'> = { attributes: [] };
  for (const filter of filters) {
    if (filter.key === 'error' && filter.value === 'true') query.status = 2;
    else if (filter.key === 'otel.status_code' && STATUS_CODES[filter.value] !== undefined) {
      query.status = STATUS_CODES[filter.value];
    } else if (filter.key === 'span.kind' && spanKindNumber(filter.value) !== undefined) {
      query.kinds = [spanKindNumber(filter.value)!];
    } else query.attributes!.push(filter);
  }
  return query;
}

const STATUS_CODES: Record<string, number> = { OK: 1, ERROR: 2 };

export function jaegerRoutes(store: TelemetryStore): Route[] {
  const route = (pattern: RegExp, handler: Route['handler']): Route => ({ pattern, handler });
  return [
    route(/^\/api\/services$/, () => ({ body: envelope(store.services()) })),
    route(/^\/api\/services\/([^/]+)\/operations$/, (_params, [service]) => {
      const names = [...new Set(store.operations(service!).map((op) => op.name))];
      return { body: envelope(names) };
    }),
    route(/^\/api\/operations$/, (params) => {
      const service = required(params, 'service');
      const operations = store
        .operations(service, kindParam(params))
        .map((op) => ({ name: op.name, spanKind: spanKindName(op.kind) }));
      return { body: envelope(operations) };
    }),
    route(/^\/api\/traces$/, (params) => {
      const ids = store.findTraceIds({
        ...timeRange(params),
        service: required(params, 'service'),
        operation: params.get('operation') || undefined,
        minDurationUs: optionalDuration(params, 'minDuration'),
        maxDurationUs: optionalDuration(params, 'maxDuration'),
        ...splitTags(attributeFilters(params, 'tag')),
        limit: limit(params, 100),
      });
      const traces = ids.map((id) => toJaegerTrace(store.trace(id)));
      return { body: envelope(traces) };
    }),
    route(/^\/api\/traces\/([^/]+)$/, (_params, [id]) => {
      const spans = store.trace(parseTraceId(id!));
      if (spans.length === 0) throw new BackendError('SKEIN_ERR_NOT_FOUND', 'trace not found');
      return { body: envelope([toJaegerTrace(spans)]) };
    }),
    route(/^\/api\/dependencies$/, (params) => {
      const endTsMs = optionalInt(params, 'endTs') ?? Date.now();
      const lookbackMs = optionalInt(params, 'lookback') ?? 24 * 3600e3;
      const edges = store.serviceEdges({ startUs: (endTsMs - lookbackMs) * 1000, endUs: endTsMs * 1000 });
      return { body: envelope(edges.map(({ parent, child, callCount }) => ({ parent, child, callCount }))) };
    }),
  ];
}
