// Finds traces: recent whole traces through the Jaeger search (which needs a service, so without --service every
// service is searched and the answers merged), the ids of recently active ones through the native span search,
// and one trace by id.
import type { JaegerEnvelope, JaegerTrace } from './jaeger-trace.js';
import { traceStartUs } from './jaeger-trace.js';
import type { QueryApi } from './query-api.js';

export interface TraceFilter {
  service?: string;
  operation?: string;
  /** A Go duration (`50ms`, `1.5s`, `2m`), parsed by the backend. */
  minDuration?: string;
  /** Only traces with a span whose status is ERROR. */
  error: boolean;
  limit: number;
  /** Only traces with a matching span that started at or after this time (µs since the epoch). */
  startUs?: number;
}

/** The matching traces, most recent first, at most `filter.limit`. */
export async function findTraces(api: QueryApi, filter: TraceFilter): Promise<JaegerTrace[]> {
  const services = filter.service
    ? [filter.service]
    : ((await api.get<JaegerEnvelope<string[]>>('/api/services'))?.data ?? []);
  const answers = await Promise.all(
    services.map((service) =>
      api.get<JaegerEnvelope<JaegerTrace[]>>(`/api/traces?${searchParams(service, filter)}`),
    ),
  );
  const byId = new Map<string, JaegerTrace>();
  for (const trace of answers.flatMap((answer) => answer?.data ?? [])) {
    const seen = byId.get(trace.traceID);
    if (!seen || seen.spans.length < trace.spans.length) byId.set(trace.traceID, trace);
  }
  return [...byId.values()].sort((a, b) => traceStartUs(b) - traceStartUs(a)).slice(0, filter.limit);
}

/**
 * Ids (32 hex digits) of the traces with a matching span that started at or after `filter.startUs`, most
 * recent first: one native span search over every service, without loading the traces themselves.
 */
export async function findTraceIds(api: QueryApi, filter: TraceFilter): Promise<string[]> {
  const params = new URLSearchParams({ limit: String(filter.limit) });
  if (filter.service) params.set('service', filter.service);
  if (filter.operation) params.set('operation', filter.operation);
  if (filter.minDuration) params.set('minDuration', filter.minDuration);
  if (filter.error) params.set('status', 'error');
  if (filter.startUs !== undefined) params.set('start', String(Math.floor(filter.startUs)));
  const found = await api.get<{ spans: { span: { traceId: string } }[] }>(`/api/skein/spans?${params}`);
  return [...new Set((found?.spans ?? []).map((hit) => hit.span.traceId))];
}

/** One trace by id (1–32 hex digits), or undefined when the backend does not have it. */
export async function fetchTrace(api: QueryApi, id: string): Promise<JaegerTrace | undefined> {
  return (await api.get<JaegerEnvelope<JaegerTrace[]>>(`/api/traces/${id}`))?.data[0];
}

function searchParams(service: string, filter: TraceFilter): URLSearchParams {
  const params = new URLSearchParams({ service, limit: String(filter.limit) });
  if (filter.operation) params.set('operation', filter.operation);
  if (filter.minDuration) params.set('minDuration', filter.minDuration);
  if (filter.error) params.set('tag', 'error:true');
  if (filter.startUs !== undefined) params.set('start', String(Math.floor(filter.startUs)));
  return params;
}
