// Trace duration over start time; each point is a link to its trace (focusable, Enter opens it).
import { formatDuration, formatTime } from '../format.js';
import type { TraceSummary } from '../model/trace.js';
import { navigate } from '../router.js';
import { traceHref } from './link.js';

const W = 900;
const H = 180;
const PAD = { left: 56, right: 12, top: 10, bottom: 22 };

export function Scatter({ traces }: { traces: TraceSummary[] }) {
  if (traces.length === 0) return null;
  let t0 = Infinity;
  let t1 = -Infinity;
  let dMax = 1;
  for (const t of traces) {
    t0 = Math.min(t0, t.start);
    t1 = Math.max(t1, t.start);
    dMax = Math.max(dMax, t.duration);
  }
  // A lone trace (or several at one instant) sits in the middle, not on the axis.
  if (t1 - t0 < 1000) {
    t0 -= 30e6;
    t1 += 30e6;
  }
  const span = t1 - t0;
  const x = (t: number): number => PAD.left + ((t - t0) / span) * (W - PAD.left - PAD.right);
  const y = (d: number): number => H - PAD.bottom - (d / dMax) * (H - PAD.top - PAD.bottom);
  return (
    <svg class="scatter" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Trace duration over time">
      <line class="axis" x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} />
      <line class="axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} />
      <text class="tick" x={PAD.left - 4} y={PAD.top + 8} text-anchor="end">
        {formatDuration(dMax)}
      </text>
      <text class="tick" x={PAD.left - 4} y={H - PAD.bottom} text-anchor="end">
        0
      </text>
      <text class="tick" x={PAD.left} y={H - 6}>
        {formatTime(t0)}
      </text>
      <text class="tick" x={W - PAD.right} y={H - 6} text-anchor="end">
        {formatTime(t1)}
      </text>
      {traces.map((t) => (
        <a
          key={t.traceId}
          href={traceHref(t.traceId)}
          class="point"
          onClick={(e: MouseEvent) => {
            e.preventDefault();
            navigate(traceHref(t.traceId));
          }}
        >
          <title>{`${t.rootService}: ${t.rootOperation} — ${formatDuration(t.duration)}, ${t.spanCount} spans`}</title>
          <circle
            cx={x(t.start)}
            cy={y(t.duration)}
            r={Math.min(3 + Math.sqrt(t.spanCount), 10)}
            class={t.errorCount > 0 ? 'error' : ''}
          />
        </a>
      ))}
    </svg>
  );
}
