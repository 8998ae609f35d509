// Summarises interleaved rounds (median with min–max, ratio to the baseline) as a table and as JSON.
export interface RoundFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU time (user + system) per request, in microseconds. */
  cpuUs: number;
  rssMb: number;
  errors: number;
}

export interface Summary {
  name: string;
  rounds: RoundFigures[];
  rps: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  cpuUs: Spread;
  rssMb: Spread;
  errors: number;
  rpsRatio: number;
  p99Ratio: number;
  rssDeltaMb: number;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

export function summarise(results: Map<string, RoundFigures[]>, baseline: string): Summary[] {
  const base = results.get(baseline);
  if (!base) throw new Error(`baseline ${baseline} has no results`);
  const baseRps = spread(base.map((r) => r.rps)).median;
  const baseP99 = spread(base.map((r) => r.p99Ms)).median;
  const baseRss = spread(base.map((r) => r.rssMb)).median;
  return [...results].map(([name, rounds]) => {
    const rps = spread(rounds.map((r) => r.rps));
    const p99Ms = spread(rounds.map((r) => r.p99Ms));
    const rssMb = spread(rounds.map((r) => r.rssMb));
    return {
      name,
      rounds,
      rps,
      p50Ms: spread(rounds.map((r) => r.p50Ms)),
      p99Ms,
      cpuUs: spread(rounds.map((r) => r.cpuUs)),
      rssMb,
      errors: rounds.reduce((n, r) => n + r.errors, 0),
      rpsRatio: rps.median / baseRps,
      p99Ratio: p99Ms.median / baseP99,
      rssDeltaMb: rssMb.median - baseRss,
    };
  });
}

const fmt = (n: number, digits = 0): string => n.toFixed(digits);

export function table(summaries: Summary[]): string {
  const head = [
    'target',
    'rps (median, min–max)',
    'p50 ms',
    'p99 ms',
    'cpu µs/req',
    'peak RSS MB',
    'errors',
    'rps ×raw',
    'p99 ×raw',
  ];
  const rows = summaries.map((s) => [
    s.name,
    `${fmt(s.rps.median)} (${fmt(s.rps.min)}–${fmt(s.rps.max)})`,
    fmt(s.p50Ms.median, 1),
    fmt(s.p99Ms.median, 1),
    fmt(s.cpuUs.median),
    `${fmt(s.rssMb.median)} (${s.rssDeltaMb >= 0 ? '+' : ''}${fmt(s.rssDeltaMb)})`,
    String(s.errors),
    fmt(s.rpsRatio, 2),
    fmt(s.p99Ratio, 2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
