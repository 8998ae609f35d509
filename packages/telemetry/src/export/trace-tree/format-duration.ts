// Durations as people read them, with the same rounding as the web UI: 850µs, 1.23ms, 12.3ms, 123ms, 1.50s.

/** Microseconds → "850µs", "1.23ms", "12.3ms", "123ms", "1.50s", "2.05min". */
export function formatDuration(us: number): string {
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${threeDigits(us / 1000)}ms`;
  if (us < 60_000_000) return `${threeDigits(us / 1_000_000)}s`;
  return `${threeDigits(us / 60_000_000)}min`;
}

function threeDigits(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}
