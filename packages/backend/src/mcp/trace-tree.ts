// A stored trace as a span tree (parent links, depth-first order): what the trace tools summarise and walk.
import { nanosToMicros } from '../otlp/model.js';
import type { StoredSpan } from '../storage/store.js';
import type { TimedNode } from './critical-path.js';

export interface SpanNode extends TimedNode<SpanNode> {
  stored: StoredSpan;
  spanId: string;
  parentSpanId: string | undefined;
  service: string;
}

export interface TraceTree {
  /** Spans whose parent is absent from the trace (so nothing stored is hidden), earliest first. */
  roots: SpanNode[];
  /** Every span depth-first, children in start order. */
  ordered: SpanNode[];
  startUs: number;
  endUs: number;
}

const hex = (id: Uint8Array): string => Buffer.from(id).toString('hex');
const byStart = (a: SpanNode, b: SpanNode): number => a.startUs - b.startUs;

/** Builds the tree of one trace's spans (as `TelemetryStore.trace` returns them). */
export function buildTraceTree(spans: StoredSpan[]): TraceTree {
  const byId = new Map<string, SpanNode>();
  let startUs = Infinity;
  let endUs = -Infinity;
  for (const stored of spans) {
    const start = nanosToMicros(stored.span.startTimeUnixNano);
    const node: SpanNode = {
      stored,
      spanId: hex(stored.span.spanId),
      parentSpanId: stored.span.parentSpanId.length === 8 ? hex(stored.span.parentSpanId) : undefined,
      service: stored.resource.serviceName,
      startUs: start,
      endUs: Math.max(start, nanosToMicros(stored.span.endTimeUnixNano)),
      children: [],
    };
    byId.set(node.spanId, node);
    startUs = Math.min(startUs, node.startUs);
    endUs = Math.max(endUs, node.endUs);
  }
  const roots: SpanNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentSpanId === undefined ? undefined : byId.get(node.parentSpanId);
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  roots.sort(byStart);
  let ordered = depthFirst(roots);
  if (ordered.length < byId.size) {
    // Spans in a parent cycle (bad data) have no root above them: cut each cycle and show it as a root.
    const reached = new Set(ordered);
    for (const node of byId.values()) {
      if (reached.has(node)) continue;
      const parent = byId.get(node.parentSpanId!)!;
      parent.children.splice(parent.children.indexOf(node), 1);
      roots.push(node);
      for (const n of depthFirst([node])) reached.add(n);
    }
    ordered = depthFirst(roots);
  }
  return {
    roots,
    ordered,
    startUs: Number.isFinite(startUs) ? startUs : 0,
    endUs: Number.isFinite(endUs) ? endUs : 0,
  };
}

/** Every span under `roots`, depth-first, children in start order (iterative: traces can be very deep). */
function depthFirst(roots: SpanNode[]): SpanNode[] {
  const ordered: SpanNode[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    ordered.push(node);
    node.children.sort(byStart);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return ordered;
}

/** The root the trace's duration hangs on: the longest one (the earliest among equals). */
export function mainRoot(tree: TraceTree): SpanNode | undefined {
  let best: SpanNode | undefined;
  for (const root of tree.roots) {
    if (!best || root.endUs - root.startUs > best.endUs - best.startUs) best = root;
  }
  return best;
}
