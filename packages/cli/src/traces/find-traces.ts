// Finds recent traces through the Jaeger API. Its search needs a service, so without --service every service
// is searched and the answers merged, most recent first.
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

function searchParams(service: string, filter: TraceFilter): URLSearchParams {
  const params = new URLSearchParams({ service, limit: String(filter.limit) });
  if (filter.operation) params.set('operation', filter.operation);
  if (filter.minDuration) params.set('minDuration', filter.minDuration);
  if (filter.error) params.set('tag', 'error:true');
  if (filter.startUs !== undefined) params.set('start', String(Math.floor(filter.startUs)));
  return params;
}
