// A small SVG line chart with several named series over a shared time axis.
import { formatTime } from '../format.js';

export interface Series {
  name: string;
  className: string;
  points: { t: number; v: number }[];
}

const W = 420;
const H = 150;
const PAD = { left: 52, right: 8, top: 8, bottom: 20 };

/** `domain` fixes the time axis (µs), so charts of one range line up even where a series has gaps. */
export function LineChart({
  title,
  series,
  format,
  domain,
}: {
  title: string;
  series: Series[];
  format: (v: number) => string;
  domain?: [number, number];
}) {
  const all = series.flatMap((s) => s.points);
  let t0 = domain?.[0] ?? Infinity;
  let t1 = domain?.[1] ?? -Infinity;
  let vMax = 0;
  for (const p of all) {
    t0 = Math.min(t0, p.t);
    t1 = Math.max(t1, p.t);
    vMax = Math.max(vMax, p.v);
  }
  if (vMax === 0) vMax = 1;
  const tSpan = Math.max(t1 - t0, 1);
  const x = (t: number): number => PAD.left + ((t - t0) / tSpan) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - (v / vMax) * (H - PAD.top - PAD.bottom);
  return (
    <figure class="chart">
      <figcaption>
        {title}
        {series.length > 1 &&
          series.map((s) => (
            <span key={s.name} class={`legend ${s.className}`}>
              {s.name}
            </span>
          ))}
      </figcaption>
      {all.length === 0 ? (
        <p class="muted">No data in this range.</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
          <line class="axis" x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} />
          <text class="tick" x={PAD.left - 4} y={PAD.top + 8} text-anchor="end">
            {format(vMax)}
          </text>
          <text class="tick" x={PAD.left - 4} y={H - PAD.bottom} text-anchor="end">
            0
          </text>
          <text class="tick" x={PAD.left} y={H - 4}>
            {formatTime(t0).slice(11, 19)}
          </text>
          <text class="tick" x={W - PAD.right} y={H - 4} text-anchor="end">
            {formatTime(t1).slice(11, 19)}
          </text>
          {series.map((s) => (
            <g key={s.name}>
              <polyline
                class={`line ${s.className}`}
                points={s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}
              />
              {/* A one-point line draws nothing: show a lone bucket as a dot. */}
              {s.points.length === 1 && (
                <circle
                  class={`line-point ${s.className}`}
                  cx={x(s.points[0]!.t)}
                  cy={y(s.points[0]!.v)}
                  r={3}
                />
              )}
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}
