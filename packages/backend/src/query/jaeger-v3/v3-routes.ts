// Jaeger's api_v3 HTTP gateway (`/api/v3/...`), the successor of the v1 JSON API: services, operations and
// traces as OTLP/JSON TracesData wrapped in `{"result": …}`. Errors render as `{"error": {"httpCode", "message"}}`.
import { BackendError } from '../../errors.js';
import type { TelemetryStore } from '../../storage/store.js';
import type { Route } from '../http-api.js';
import { spanKindName, spanKindNumber } from '../jaeger/to-jaeger.js';
import { parseTraceId } from '../params.js';
import { appendResourceSpans } from './traces-data.js';
import { boolParam, findTracesQuery, param, timeParam } from './v3-params.js';

/** Upstream answers an empty result with 404 rather than an empty TracesData. */
function tracesResult(traces: Uint8Array[], store: TelemetryStore): { body: unknown } {
  const resourceSpans: Record<string, unknown>[] = [];
  for (const id of traces) appendResourceSpans(store.trace(id), resourceSpans);
  if (resourceSpans.length === 0) throw new BackendError('SKEIN_ERR_NOT_FOUND', 'No traces found');
  return { body: { result: { resourceSpans } } };
}

function kindParam(params: URLSearchParams): number | undefined {
  const { name, value } = param(params, 'spanKind', 'span_kind');
  if (value === undefined) return undefined;
  const kind = spanKindNumber(value);
  if (kind === undefined) throw new BackendError('SKEIN_ERR_BAD_QUERY', `unknown ${name} '${value}'`);
  return kind;
}

export function jaegerV3Routes(store: TelemetryStore): Route[] {
  const route = (pattern: RegExp, handler: Route['handler']): Route => ({ pattern, handler });
  return [
    route(/^\/api\/v3\/services$/, () => ({ body: { services: store.services() } })),
    route(/^\/api\/v3\/operations$/, (params) => {
      const service = params.get('service');
      if (!service) throw new BackendError('SKEIN_ERR_BAD_QUERY', "parameter 'service' is required");
      const operations = store
        .operations(service, kindParam(params))
        .map((op) => ({ name: op.name, spanKind: spanKindName(op.kind) || 'internal' }));
      return { body: { operations } };
    }),
    route(/^\/api\/v3\/traces$/, (params) =>
      tracesResult(store.findTraceIds(findTracesQuery(params)), store),
    ),
    route(/^\/api\/v3\/traces\/([^/]+)$/, (params, [id]) => {
      let traceId: Uint8Array;
      try {
        traceId = parseTraceId(id!);
      } catch {
        throw new BackendError(
          'SKEIN_ERR_BAD_QUERY',
          `malformed parameter trace_id: '${id}' is not a trace id`,
        );
      }
      // The time window and raw flag are hints upstream storages use to narrow their search; an id is
      // found directly here. They are still checked so that a client's mistake does not pass silently.
      timeParam(params, 'startTime', 'start_time');
      timeParam(params, 'endTime', 'end_time');
      boolParam(params, 'rawTraces', 'raw_traces');
      return tracesResult([traceId], store);
    }),
  ];
}
