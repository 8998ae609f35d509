// Turns a Jaeger trace into the tree the waterfall draws: parent links, depth, services, error marks.
import type { JaegerSpan, JaegerTrace, KeyValue } from './jaeger.js';

export interface SpanNode {
  span: JaegerSpan;
  id: string;
  service: string;
  parent: SpanNode | undefined;
  children: SpanNode[];
  depth: number;
  start: number;
  end: number;
  error: boolean;
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

export function tagValue(tags: KeyValue[], key: string): KeyValue['value'] | undefined {
  for (const t of tags) if (t.key === key) return t.value;
  return undefined;
}

export function isErrorSpan(span: JaegerSpan): boolean {
  const error = tagValue(span.tags, 'error');
  return error === true || error === 'true' || tagValue(span.tags, 'otel.status_code') === 'ERROR';
}

function parentId(span: JaegerSpan): string | undefined {
  for (const r of span.references)
    if (r.refType === 'CHILD_OF' && r.traceID === span.traceID) return r.spanID;
  return undefined;
}

/** Builds the span tree; spans whose parent is missing become roots, so nothing stored is hidden. */
export function buildTrace(trace: JaegerTrace): TraceModel {
  const byId = new Map<string, SpanNode>();
  let start = Infinity;
  let end = -Infinity;
  let errorCount = 0;
  const services = new Set<string>();
  for (const span of trace.spans) {
    const service = trace.processes[span.processID]?.serviceName ?? 'unknown';
    const node: SpanNode = {
      span,
      id: span.spanID,
      service,
      parent: undefined,
      children: [],
      depth: 0,
      start: span.startTime,
      end: span.startTime + span.duration,
      error: isErrorSpan(span),
      kind: String(tagValue(span.tags, 'span.kind') ?? ''),
    };
    byId.set(span.spanID, node);
    services.add(service);
    if (node.error) errorCount++;
    if (node.start < start) start = node.start;
    if (node.end > end) end = node.end;
  }
  const roots: SpanNode[] = [];
  for (const node of byId.values()) {
    const pid = parentId(node.span);
    const parent = pid === undefined ? undefined : byId.get(pid);
    if (parent && parent !== node) {
      node.parent = parent;
      parent.children.push(node);
    } else roots.push(node);
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
    node.children.sort(byStart);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return {
    traceId: trace.traceID,
    roots,
    byId,
    ordered,
    services: [...services].sort(),
    start: Number.isFinite(start) ? start : 0,
    end: Number.isFinite(end) ? end : 0,
    errorCount,
  };
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
    rootOperation: root?.span.operationName ?? '(no spans)',
    services: [...counts]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    spanCount: trace.spans.length,
    errorCount: model.errorCount,
    start: model.start,
    duration: model.end - model.start,
  };
}
