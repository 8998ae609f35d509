// Writes the benchmark summary as a horizontal bar chart in SVG (rps relative to raw node:http, with the
// min–max range of the rounds), written by hand so the docs need no charting library.
import type { Summary } from './report.js';

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `caption` goes under the title, e.g. the Node version, connections and rounds. */
export function barChart(summaries: Summary[], caption: string): string {
  const label = 190;
  const plot = 480;
  const bar = 22;
  const gap = 12;
  const top = 58;
  const width = label + plot + 90;
  const height = top + summaries.length * (bar + gap) + 30;
  const baseRps = summaries[0]!.rps.median / summaries[0]!.rpsRatio;
  const scaleMax = Math.max(1.2, ...summaries.map((s) => s.rps.max / baseRps));
  const x = (ratio: number): number => label + (ratio / scaleMax) * plot;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">GET /users/:id — requests per second relative to raw node:http</text>`,
    `<text x="10" y="42" fill="#555">${escape(caption)}</text>`,
  ];
  for (const ratio of [0.25, 0.5, 0.75, 1]) {
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
    const lo = x(s.rps.min / baseRps);
    const hi = x(s.rps.max / baseRps);
    const mid = (y + bar / 2).toFixed(1);
    out.push(
      `<text x="${label - 8}" y="${y + bar / 2 + 4}" text-anchor="end">${escape(s.name)}</text>`,
      `<rect x="${label}" y="${y}" width="${(x(s.rpsRatio) - label).toFixed(1)}" height="${bar}" fill="${fill}"/>`,
      `<line x1="${lo.toFixed(1)}" y1="${mid}" x2="${hi.toFixed(1)}" y2="${mid}" stroke="#222"/>`,
      `<text x="${(Math.max(hi, x(s.rpsRatio)) + 6).toFixed(1)}" y="${y + bar / 2 + 4}">${s.rpsRatio.toFixed(2)}× · ${Math.round(s.rps.median)}</text>`,
    );
  });
  out.push('</svg>', '');
  return out.join('\n');
}
