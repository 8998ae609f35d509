// A trace's critical path as get_critical_path shows it: the spans on it with their share, and the time slices.
import { criticalPath } from './critical-path.js';
import { ms } from './time-window.js';
import { mainRoot, type TraceTree } from './trace-tree.js';
import { spanHeader } from './trace-views.js';

export interface CriticalPathView {
  rootSpanId: string;
  durationMs: number;
  /** Spans on the path, depth-first, with the ms each was the work the trace waited on. */
  path: (ReturnType<typeof spanHeader> & { criticalMs: number })[];
  /** The path as consecutive slices of time, ms from the trace start. */
  segments: { spanId: string; startMs: number; endMs: number }[];
}

/** The critical path under the trace's main root (see `criticalPath`); `tree` must hold a span. */
export function criticalPathView(tree: TraceTree): CriticalPathView {
  const root = mainRoot(tree)!;
  const segments = criticalPath(root);
  const criticalUs = new Map<string, number>();
  for (const s of segments) {
    criticalUs.set(s.node.spanId, (criticalUs.get(s.node.spanId) ?? 0) + s.endUs - s.startUs);
  }
  // A span is on the path when a descendant is, even if its children covered all of its own time.
  const byId = new Map(tree.ordered.map((node) => [node.spanId, node]));
  const onPath = new Set(criticalUs.keys());
  for (const s of segments) {
    for (let node = s.node; node !== root;) {
      const parent = byId.get(node.parentSpanId!);
      if (!parent || onPath.has(parent.spanId)) break;
      onPath.add(parent.spanId);
      node = parent;
    }
  }
  return {
    rootSpanId: root.spanId,
    durationMs: ms(root.endUs - root.startUs),
    path: tree.ordered
      .filter((node) => onPath.has(node.spanId))
      .map((node) => ({
        ...spanHeader(node, tree.startUs),
        criticalMs: ms(criticalUs.get(node.spanId) ?? 0),
      })),
    segments: segments.map((s) => ({
      spanId: s.node.spanId,
      startMs: ms(s.startUs - tree.startUs),
      endMs: ms(s.endUs - tree.startUs),
    })),
  };
}
