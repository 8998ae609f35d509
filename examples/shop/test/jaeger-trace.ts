// Reads a trace back through the backend's Jaeger v1 API (`GET /api/traces/{id}`) into flat span views that
// tests can search by service, name and kind.
export interface SpanView {
  spanId: string;
  name: string;
  service: string;
  kind: string;
  /** Span attributes and the Jaeger tags derived from the status (`error`, `otel.status_code`). */
  tags: Record<string, unknown>;
  parentId: string | undefined;
  /** Span ids this span links to (FOLLOWS_FROM references). */
  links: string[];
}

interface JaegerTrace {
  spans: {
    spanID: string;
    operationName: string;
    processID: string;
    tags: { key: string; value: unknown }[];
    references: { refType: string; spanID: string }[];
  }[];
  processes: Record<string, { serviceName: string }>;
}

/** The spans of `traceId`, or undefined while the backend does not know the trace. */
export async function fetchTrace(queryUrl: string, traceId: string): Promise<SpanView[] | undefined> {
  const res = await fetch(`${queryUrl}/api/traces/${traceId}`);
  if (res.status === 404) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.ok) throw new Error(`GET /api/traces/${traceId} answered ${res.status}`);
  const { data } = (await res.json()) as { data: JaegerTrace[] };
  const trace = data[0]!;
  return trace.spans.map((s) => {
    const tags = Object.fromEntries(s.tags.map((t) => [t.key, t.value]));
    return {
      spanId: s.spanID,
      name: s.operationName,
      service: trace.processes[s.processID]!.serviceName,
      kind: String(tags['span.kind'] ?? 'internal'),
      tags,
      parentId: s.references.find((r) => r.refType === 'CHILD_OF')?.spanID,
      links: s.references.filter((r) => r.refType === 'FOLLOWS_FROM').map((r) => r.spanID),
    };
  });
}

/** The trace id in a `traceresponse` header (`00-{trace id}-{span id}-{flags}`). */
export function traceIdOf(res: Response): string {
  const header = res.headers.get('traceresponse');
  const id = header?.split('-')[1];
  if (id === undefined) throw new Error(`no traceresponse header (got ${header})`);
  return id;
}

/** The one span matching `predicate`; throws listing the spans when there is not exactly one. */
export function only(
  spans: readonly SpanView[],
  predicate: (s: SpanView) => boolean,
  what: string,
): SpanView {
  const found = spans.filter(predicate);
  if (found.length !== 1) {
    const listing = spans.map((s) => `${s.service} ${s.kind} ${s.name}`).join('\n  ');
    throw new Error(`expected one ${what}, found ${found.length} among:\n  ${listing}`);
  }
  return found[0]!;
}
