// Human formats for durations (µs), times and counts used across pages.

/** 1234 → "1.23ms"; input in microseconds, as Jaeger reports them. */
export function formatDuration(us: number): string {
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${trim(us / 1000)}ms`;
  if (us < 60_000_000) return `${trim(us / 1_000_000)}s`;
  return `${trim(us / 60_000_000)}min`;
}

function trim(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** Microseconds since the epoch → local "YYYY-MM-DD HH:MM:SS.mmm". */
export function formatTime(us: number): string {
  const d = new Date(us / 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  );
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.01 ? 2 : 1)}%`;
}

export function formatRate(perSecond: number): string {
  return perSecond >= 10 ? `${perSecond.toFixed(0)}/s` : `${perSecond.toFixed(2)}/s`;
}

/** "100ms", "1.5s", "2m" (Go durations, as Jaeger takes them) → microseconds; undefined when unparsable. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)?\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  const scale: Record<string, number> = { us: 1, µs: 1, ms: 1e3, s: 1e6, m: 6e7, h: 3.6e9 };
  return n * (scale[unit] ?? 1e3);
}
