// The critical path of a span tree: the chain of work the trace's end waited on, as time segments.

/** A span as the critical path sees it: a time interval (µs) and its children. */
export interface TimedNode<T> {
  startUs: number;
  endUs: number;
  children: T[];
}

/** `node` was the work the trace waited on from `startUs` to `endUs`. */
export interface PathSegment<T> {
  node: T;
  startUs: number;
  endUs: number;
}

interface Frame<T> {
  node: T;
  startUs: number;
  /** Children clipped to the node's interval, latest-ending first. */
  children: { node: T; startUs: number; endUs: number }[];
  next: number;
  /** The time up to which this node's share of the path is already accounted for, walking backwards. */
  cursor: number;
}

function frame<T extends TimedNode<T>>(node: T, startUs: number, endUs: number): Frame<T> {
  const children: Frame<T>['children'] = [];
  for (const child of node.children) {
    // A child that outlives its parent (async work, clock skew) counts only while the parent runs.
    const s = Math.max(child.startUs, startUs);
    const e = Math.min(child.endUs, endUs);
    if (s <= e) children.push({ node: child, startUs: s, endUs: e });
  }
  children.sort((a, b) => b.endUs - a.endUs || a.startUs - b.startUs);
  return { node, startUs, children, next: 0, cursor: endUs };
}

/**
 * Walks back from the end of `root`: the last child to finish is what the parent waited on; before that child
 * started, the last child that finished in time; and so on, down every level. Between those children the
 * parent itself was the work. Returns the segments in time order; they tile the root's interval.
 *
 * @example
 * // root 0–100 with children a 10–40 and b 50–90:
 * // root 0–10, a 10–40, root 40–50, b 50–90, root 90–100
 */
export function criticalPath<T extends TimedNode<T>>(root: T): PathSegment<T>[] {
  const segments: PathSegment<T>[] = [];
  // An explicit stack: a trace can be thousands of spans deep.
  const stack: Frame<T>[] = [frame(root, root.startUs, root.endUs)];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    let child: Frame<T>['children'][number] | undefined;
    while (top.next < top.children.length) {
      const candidate = top.children[top.next++]!;
      if (candidate.endUs <= top.cursor) {
        child = candidate;
        break;
      }
    }
    if (child) {
      if (child.endUs < top.cursor)
        segments.push({ node: top.node, startUs: child.endUs, endUs: top.cursor });
      top.cursor = child.startUs;
      stack.push(frame(child.node, child.startUs, child.endUs));
      continue;
    }
    if (top.startUs < top.cursor) segments.push({ node: top.node, startUs: top.startUs, endUs: top.cursor });
    stack.pop();
  }
  return segments.reverse();
}
