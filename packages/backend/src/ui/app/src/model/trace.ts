// The tree the waterfall draws — parent links, depth, services, error marks — built from the native
// waterfall payload (trace page) or a Jaeger trace (search list summaries).
import type { JaegerSpan, JaegerTrace, KeyValue } from './jaeger.js';

export interface SpanNode {
  id: string;
  name: string;
  service: string;
  parent: SpanNode | undefined;
  children: SpanNode[];
  depth: number;
  start: number;
  end: number;
  error: boolean;
  /** Jaeger's kind name ('server', 'client', …), '' when unspecified. */
  kind: string;
}

export interface TraceModel {
  traceId: string;
  roots: SpanNode[];
  byId: Map<string, SpanNode>;
  /** Spans in depth-first order, children by start time. */
  ordered: SpanNode[];
  services: string[];
  start: number;
  end: number;
  errorCount: number;
}

/** The lean trace of `GET /api/skein/traces/{id}/waterfall` (docs/api.md). */
export interface WaterfallTrace {
  traceId: string;
  startUs: number;
  services: string[];
  names: string[];
  /** [spanId, parent index or -1, service index, name index, kind, start offset µs, duration µs, status] */
  spans: [string, number, number, number, number, number, number, number][];
}

const KIND_NAMES = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_ERROR = 2;

function tagValue(tags: KeyValue[], key: string): KeyValue['value'] | undefined {
  for (const t of tags) if (t.key === key) return t.value;
  return undefined;
}

function isErrorSpan(span: JaegerSpan): boolean {
  const error = tagValue(span.tags, 'error');
  return error === true || error === 'true' || tagValue(span.tags, 'otel.status_code') === 'ERROR';
}

function parentId(span: JaegerSpan): string | undefined {
  for (const r of span.references)
    if (r.refType === 'CHILD_OF' && r.traceID === span.traceID) return r.spanID;
  return undefined;
}

function spanNode(
  id: string,
  name: string,
  service: string,
  start: number,
  duration: number,
  error: boolean,
  kind: string,
): SpanNode {
  return {
    id,
    name,
    service,
    parent: undefined,
    children: [],
    depth: 0,
    start,
    end: start + duration,
    error,
    kind,
  };
}

/**
 * Links nodes whose `parent` is set into the tree; nodes without a parent (or whose parent is missing)
 * are roots, so nothing stored is hidden.
 */
function linkTree(traceId: string, nodes: SpanNode[], byId: Map<string, SpanNode>): TraceModel {
  let start = Infinity;
  let end = -Infinity;
  let errorCount = 0;
  const services = new Set<string>();
  const roots: SpanNode[] = [];
  for (const node of nodes) {
    services.add(node.service);
    if (node.error) errorCount++;
    if (node.start < start) start = node.start;
    if (node.end > end) end = node.end;
    if (node.parent) node.parent.children.push(node);
    else roots.push(node);
  }
  const byStart = (a: SpanNode, b: SpanNode): number => a.start - b.start;
  roots.sort(byStart);
  const ordered: SpanNode[] = [];
  // Iterative walk: a 10,000-deep chain must not overflow the stack.
  const stack: SpanNode[] = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    node.depth = node.parent ? node.parent.depth + 1 : 0;
    ordered.push(node);
    if (node.children.length > 1) node.children.sort(byStart);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return {
    traceId,
    roots,
    byId,
    ordered,
    services: [...services].sort(),
    start: Number.isFinite(start) ? start : 0,
    end: Number.isFinite(end) ? end : 0,
    errorCount,
  };
}

/** Builds the span tree from the waterfall payload; its parents are indexes, so no id lookups. */
export function waterfallModel(trace: WaterfallTrace): TraceModel {
  const byId = new Map<string, SpanNode>();
  const nodes: SpanNode[] = new Array<SpanNode>(trace.spans.length);
  for (let i = 0; i < trace.spans.length; i++) {
    // Indexed reads, not destructuring: no iterator per span.
    const span = trace.spans[i]!;
    const id = span[0];
    const node = spanNode(
      id,
      trace.names[span[3]] ?? '',
      trace.services[span[2]] ?? 'unknown',
      trace.startUs + span[5],
      span[6],
      span[7] === STATUS_ERROR,
      KIND_NAMES[span[4]] ?? '',
    );
    nodes[i] = node;
    byId.set(id, node);
  }
  for (let i = 0; i < nodes.length; i++) {
    const parent = trace.spans[i]![1];
    if (parent >= 0 && parent !== i) nodes[i]!.parent = nodes[parent];
  }
  return linkTree(trace.traceId, nodes, byId);
}

/** Builds the span tree of a Jaeger trace. */
export function buildTrace(trace: JaegerTrace): TraceModel {
  const byId = new Map<string, SpanNode>();
  const nodes = trace.spans.map((span) => {
    const node = spanNode(
      span.spanID,
      span.operationName,
      trace.processes[span.processID]?.serviceName ?? 'unknown',
      span.startTime,
      span.duration,
      isErrorSpan(span),
      String(tagValue(span.tags, 'span.kind') ?? ''),
    );
    byId.set(span.spanID, node);
    return node;
  });
  trace.spans.forEach((span, i) => {
    const pid = parentId(span);
    const parent = pid === undefined ? undefined : byId.get(pid);
    if (parent && parent !== nodes[i]) nodes[i]!.parent = parent;
  });
  return linkTree(trace.traceID, nodes, byId);
}

/**
 * The critical path: from each span, the last-finishing child, then the last child that finished before
 * that one started, and so on — the chain of work the trace's duration waited on.
 */
export function criticalPath(model: TraceModel): Set<string> {
  const onPath = new Set<string>();
  const root = model.roots.reduce<SpanNode | undefined>(
    (a, b) => (a && a.end - a.start >= b.end - b.start ? a : b),
    undefined,
  );
  if (!root) return onPath;
  const stack: SpanNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    onPath.add(node.id);
    const children = [...node.children].sort((a, b) => b.end - a.end);
    let cursor = node.end;
    for (const child of children) {
      if (child.end <= cursor) {
        stack.push(child);
        cursor = child.start;
      }
    }
  }
  return onPath;
}

/** Summary row for the search list. */
export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  services: { name: string; count: number }[];
  spanCount: number;
  errorCount: number;
  start: number;
  duration: number;
}

export function summarize(trace: JaegerTrace): TraceSummary {
  const model = buildTrace(trace);
  const root = model.roots[0];
  const counts = new Map<string, number>();
  for (const node of model.ordered) counts.set(node.service, (counts.get(node.service) ?? 0) + 1);
  return {
    traceId: trace.traceID,
    rootService: root?.service ?? '',
    rootOperation: root?.name ?? '(no spans)',
    services: [...counts]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    spanCount: trace.spans.length,
    errorCount: model.errorCount,
    start: model.start,
    duration: model.end - model.start,
  };
}
