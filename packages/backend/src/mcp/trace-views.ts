// Compact views of a trace for a model: one summary line per trace, spans with offsets from the trace start.
import { nanosToMicros } from '../otlp/model.js';
import { spanKindName } from '../query/jaeger/to-jaeger.js';
import type { StoredLog } from '../storage/store.js';
import { plainAttributes, plainValue } from './plain-value.js';
import { isoTime, ms } from './time-window.js';
import type { SpanNode, TraceTree } from './trace-tree.js';

const MAX_EVENTS = 20;
const hex = (id: Uint8Array): string => Buffer.from(id).toString('hex');
const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);

export const traceIdOf = (tree: TraceTree): string => hex(tree.ordered[0]!.stored.span.traceId);

export function isError(node: SpanNode): boolean {
  return node.stored.span.status?.code === 2;
}

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  start: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}

export function traceSummary(tree: TraceTree): TraceSummary {
  const root = tree.roots[0]!;
  const services = new Set<string>();
  let errorCount = 0;
  for (const node of tree.ordered) {
    services.add(node.service);
    if (isError(node)) errorCount++;
  }
  return {
    traceId: traceIdOf(tree),
    rootService: root.service,
    rootOperation: root.stored.span.name,
    start: isoTime(tree.startUs),
    durationMs: ms(tree.endUs - tree.startUs),
    spanCount: tree.ordered.length,
    errorCount,
    services: [...services].sort(),
  };
}

/** Span name, service and timing relative to the trace start: what every span listing shows. */
export function spanHeader(node: SpanNode, traceStartUs: number) {
  return {
    spanId: node.spanId,
    service: node.service,
    name: node.stored.span.name,
    startMs: ms(node.startUs - traceStartUs),
    durationMs: ms(node.endUs - node.startUs),
  };
}

export function spanView(node: SpanNode, traceStartUs: number): Record<string, unknown> {
  const { span } = node.stored;
  const code = span.status?.code ?? 0;
  return {
    ...spanHeader(node, traceStartUs),
    parentSpanId: node.parentSpanId,
    kind: spanKindName(span.kind) || undefined,
    status: code === 2 ? 'error' : code === 1 ? 'ok' : undefined,
    statusMessage: span.status?.message || undefined,
    attributes: plainAttributes(span.attributes),
    events: nonEmpty(
      span.events.slice(0, MAX_EVENTS).map((event) => ({
        atMs: ms(nanosToMicros(event.timeUnixNano) - traceStartUs),
        name: event.name,
        attributes: event.attributes.length > 0 ? plainAttributes(event.attributes) : undefined,
      })),
    ),
    omittedEvents: span.events.length > MAX_EVENTS ? span.events.length - MAX_EVENTS : undefined,
    links: nonEmpty(span.links.map((link) => ({ traceId: hex(link.traceId), spanId: hex(link.spanId) }))),
  };
}

/** Each service's resource attributes (host, version, …) once, rather than on every span. */
export function serviceResources(tree: TraceTree): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const node of tree.ordered) {
    if (out[node.service]) continue;
    const attributes = node.stored.resource.resource.attributes.filter((kv) => kv.key !== 'service.name');
    out[node.service] = plainAttributes(attributes);
  }
  return out;
}

export function logView(stored: StoredLog, traceStartUs: number): Record<string, unknown> {
  const { log } = stored;
  const timeUs = nanosToMicros(log.timeUnixNano) || nanosToMicros(log.observedTimeUnixNano);
  return {
    atMs: ms(timeUs - traceStartUs),
    service: stored.resource.serviceName,
    spanId: log.spanId.length === 8 ? hex(log.spanId) : undefined,
    severity: log.severityText || log.severityNumber || undefined,
    body: plainValue(log.body),
    attributes: log.attributes.length > 0 ? plainAttributes(log.attributes) : undefined,
  };
}
