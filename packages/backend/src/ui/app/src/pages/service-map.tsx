// The service map: services as nodes, calls as edges labelled with call counts and error rates.
import { useState } from 'preact/hooks';
import { withQuery } from '../api.js';
import { serviceColor } from '../colors.js';
import { RangeSelect } from '../components/range-select.js';
import { serviceHref } from '../components/link.js';
import { formatPercent } from '../format.js';
import { layoutGraph, type Edge } from '../model/graph-layout.js';
import type { ServiceGraph } from '../model/native.js';
import { DEFAULT_LOOKBACK } from '../model/time-range.js';
import { navigate } from '../router.js';
import { useFetch } from '../use-fetch.js';

export function ServiceMapPage() {
  const [lookback, setLookback] = useState(DEFAULT_LOOKBACK);
  const graph = useFetch<ServiceGraph>(withQuery('/api/skein/service-graph', { lookback }), 10_000);
  const list: Edge[] = graph.data?.edges ?? [];
  const { nodes, width, height } = layoutGraph(graph.data?.nodes.map((n) => n.service) ?? [], list);
  const at = new Map(nodes.map((n) => [n.name, n]));
  return (
    <div class="map-page">
      <h1>Service map</h1>
      <div class="filters">
        <RangeSelect value={lookback} onChange={setLookback} />
      </div>
      {graph.error && <p class="error-text">Could not load the service graph: {graph.error}</p>}
      {nodes.length === 0 ? (
        <p class="muted">No services yet.</p>
      ) : (
        <svg
          class="service-map"
          viewBox={`0 0 ${width} ${height}`}
          style={{ maxWidth: `${width}px` }}
          role="img"
          aria-label="Service map"
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" class="arrow" />
            </marker>
          </defs>
          {list.map((e) => {
            const a = at.get(e.parent)!;
            const b = at.get(e.child)!;
            const rate =
              e.errorCount === undefined || e.callCount === 0 ? undefined : e.errorCount / e.callCount;
            const self = a === b;
            const path = self
              ? `M ${a.x + 40} ${a.y - 12} C ${a.x + 90} ${a.y - 60}, ${a.x + 120} ${a.y + 20}, ${a.x + 60} ${a.y + 8}`
              : `M ${a.x + 60} ${a.y} L ${b.x - 62} ${b.y}`;
            return (
              <g
                key={`${e.parent}->${e.child}`}
                class={`edge ${rate ? 'has-error' : ''}`}
                data-edge={`${e.parent}->${e.child}`}
              >
                <path d={path} marker-end="url(#arrow)" />
                <text
                  x={self ? a.x + 100 : (a.x + b.x) / 2}
                  y={self ? a.y - 36 : (a.y + b.y) / 2 - 6}
                  text-anchor="middle"
                >
                  {`${e.callCount} calls${rate === undefined ? '' : ` · ${formatPercent(rate)} err`}`}
                </text>
              </g>
            );
          })}
          {nodes.map((n) => (
            <a
              key={n.name}
              href={serviceHref(n.name)}
              class="node"
              data-service={n.name}
              onClick={(e: MouseEvent) => {
                e.preventDefault();
                navigate(serviceHref(n.name));
              }}
            >
              <rect
                x={n.x - 60}
                y={n.y - 18}
                width={120}
                height={36}
                rx={8}
                style={{ stroke: serviceColor(n.name) }}
              />
              <text x={n.x} y={n.y + 5} text-anchor="middle">
                {n.name.length > 18 ? `${n.name.slice(0, 17)}…` : n.name}
              </text>
              <title>{n.name}</title>
            </a>
          ))}
        </svg>
      )}
    </div>
  );
}
