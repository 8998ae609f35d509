// Places services in columns by call depth (callers left of callees) so the map reads left to right.
export interface Edge {
  parent: string;
  child: string;
  callCount: number;
  errorCount?: number;
}

export interface Placed {
  name: string;
  x: number;
  y: number;
}

export const COLUMN = 230;
export const ROW = 84;

export function layoutGraph(
  services: string[],
  edges: Edge[],
): { nodes: Placed[]; width: number; height: number } {
  const names = new Set(services);
  for (const e of edges) {
    names.add(e.parent);
    names.add(e.child);
  }
  const layer = new Map<string, number>([...names].map((n) => [n, 0]));
  // Longest path from the callers; n rounds bound it when calls form a cycle.
  for (let round = 0; round < names.size; round++) {
    let changed = false;
    for (const e of edges) {
      if (e.parent === e.child) continue;
      const want = layer.get(e.parent)! + 1;
      if (want > layer.get(e.child)! && want < names.size) {
        layer.set(e.child, want);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns = new Map<number, string[]>();
  for (const name of [...names].sort()) {
    const l = layer.get(name)!;
    columns.set(l, [...(columns.get(l) ?? []), name]);
  }
  const nodes: Placed[] = [];
  let maxRows = 1;
  for (const [l, list] of columns) {
    maxRows = Math.max(maxRows, list.length);
    list.forEach((name, i) => nodes.push({ name, x: 100 + l * COLUMN, y: 50 + i * ROW }));
  }
  return { nodes, width: 200 + Math.max(0, columns.size - 1) * COLUMN, height: 60 + maxRows * ROW };
}
