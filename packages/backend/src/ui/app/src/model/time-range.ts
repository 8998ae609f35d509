// The time ranges every page offers. Values are Go durations, as the backend's `lookback` takes them, so a
// live view re-asks "the last hour" on each poll instead of a range frozen at page load.
export const LOOKBACKS: { value: string; label: string; us: number }[] = [
  { value: '15m', label: 'Last 15 minutes', us: 15 * 60e6 },
  { value: '1h', label: 'Last hour', us: 3600e6 },
  { value: '6h', label: 'Last 6 hours', us: 6 * 3600e6 },
  { value: '24h', label: 'Last 24 hours', us: 24 * 3600e6 },
  { value: '168h', label: 'Last 7 days', us: 168 * 3600e6 },
];

export const DEFAULT_LOOKBACK = '1h';

export function lookbackUs(value: string): number {
  return (LOOKBACKS.find((l) => l.value === value) ?? LOOKBACKS[1]!).us;
}

/**
 * Query parameters for the range in a page's URL: `start`/`end` (datetime-local) when custom, else
 * `lookback`. Times go to the backend in µs since the epoch.
 */
export function rangeParams(query: URLSearchParams): { start?: number; end?: number; lookback?: string } {
  const start = query.get('start');
  const end = query.get('end');
  if (start && end) return { start: Date.parse(start) * 1000, end: Date.parse(end) * 1000 };
  return { lookback: query.get('lookback') ?? DEFAULT_LOOKBACK };
}
