// Writes the benchmark summary as horizontal bar charts in SVG (requests per second, or server CPU time per
// request, relative to the baseline, with the min–max range of the rounds), written by hand: no chart library.
import type { Spread, Summary } from './report.js';

export type ChartMetric = 'rps' | 'cpu';

const TITLES: Record<ChartMetric, string> = {
  rps: 'GET /users/:id — requests per second relative to raw node:http (higher is better)',
  cpu: 'GET /users/:id — server CPU time per request relative to raw node:http (lower is better)',
};

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `caption` goes under the title, e.g. the Node version, connections and rounds. */
export function barChart(summaries: Summary[], caption: string, metric: ChartMetric = 'rps'): string {
  const label = 230;
  const plot = 440;
  const bar = 22;
  const gap = 12;
  const top = 58;
  const width = label + plot + 150;
  const height = top + summaries.length * (bar + gap) + 30;
  const figure = (s: Summary): Spread => (metric === 'rps' ? s.rps : s.cpuUs);
  const base = figure(summaries[0]!).median;
  const unit = metric === 'rps' ? 'rps' : 'µs';
  const scaleMax = Math.max(1.2, ...summaries.map((s) => figure(s).max / base));
  const x = (ratio: number): number => label + (ratio / scaleMax) * plot;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${TITLES[metric]}</text>`,
    `<text x="10" y="42" fill="#555">${escape(caption)}</text>`,
  ];
  const ticks = scaleMax > 3 ? [1, 4, 8, 16].filter((t) => t <= scaleMax) : [0.25, 0.5, 0.75, 1];
  for (const ratio of ticks) {
    const gx = x(ratio).toFixed(1);
    const dash = ratio === 1 ? '' : ' stroke-dasharray="3,3"';
    out.push(
      `<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${height - 24}" stroke="#bbb"${dash}/>`,
      `<text x="${gx}" y="${height - 8}" text-anchor="middle" fill="#555">${ratio}×</text>`,
    );
  }
  summaries.forEach((s, i) => {
    const y = top + i * (bar + gap);
    const skein = s.name.startsWith('skein');
    const fill = i === 0 ? '#888' : skein ? '#2f6fb3' : '#d08a2c';
    const spread = figure(s);
    const ratio = spread.median / base;
    const lo = x(spread.min / base);
    const hi = x(spread.max / base);
    const mid = (y + bar / 2).toFixed(1);
    out.push(
      `<text x="${label - 8}" y="${y + bar / 2 + 4}" text-anchor="end">${escape(s.name)}</text>`,
      `<rect x="${label}" y="${y}" width="${(x(ratio) - label).toFixed(1)}" height="${bar}" fill="${fill}"/>`,
      `<line x1="${lo.toFixed(1)}" y1="${mid}" x2="${hi.toFixed(1)}" y2="${mid}" stroke="#222"/>`,
      `<text x="${(Math.max(hi, x(ratio)) + 6).toFixed(1)}" y="${y + bar / 2 + 4}">${ratio.toFixed(2)}× · ${Math.round(spread.median)} ${unit}</text>`,
    );
  });
  out.push('</svg>', '');
  return out.join('\n');
}
