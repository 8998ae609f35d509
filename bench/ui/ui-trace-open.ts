// UI benchmark (not a test): a backend holding millions of spans, the built SPA in headless Chromium.
// Prints the time to the first painted waterfall of a 10,000-span trace, scroll frame times, and search
// latency (API and search page) over the stored spans. `--trace-only` stops after the trace figures. Usage:
//   npm run bench:ui -- [--spans 5000000] [--trace-spans 10000] [--runs 5] [--trace-only]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunningBackend } from '../../packages/backend/src/index.js';
import { launchChromium } from '../../packages/backend/test/ui-browser.js';
import { buildUiBundle, bundleSizes } from '../../packages/backend/test/ui-bundle.js';
import { postOtlp, traceRequest } from '../../packages/backend/test/ui-otlp.js';
import { startUiBackend } from '../../packages/backend/test/ui-session.js';
import { BULK_ROOT_OPERATION, BULK_SERVICES, fillStore } from './bulk-spans.js';
import { INIT_SCRIPT, scrollWaterfall, timeToFirst, type FirstRows } from './page-timing.js';
import { wideTraceSpans } from './wide-trace.js';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '5000000' },
    'trace-spans': { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    'trace-only': { type: 'boolean', default: false },
  },
});
const STORED = Number(values.spans);
const TRACE_SPANS = Number(values['trace-spans']);
const RUNS = Number(values.runs);
const BIG_TRACE = 'b16b16b16b16b16b16b16b16b16b1600';

const ms = (n: number): string => `${n.toFixed(1)} ms`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, max ${ms(sorted.at(-1) ?? NaN)}`;
}

/** Per run and as medians: when the API answer was in, and how long the page took from there to painted rows. */
function reportFirstRows(label: string, runs: FirstRows[]): void {
  const median = (f: (r: FirstRows) => number): string =>
    ms(
      percentile(
        runs.map(f).sort((a, b) => a - b),
        50,
      ),
    );
  console.log(
    `  ${label}, navigation → rows painted: ${runs.map((r) => ms(r.painted)).join(', ')} (run 1 loads the bundle cold)`,
  );
  console.log(
    `  ${label} medians: API answer in ${median((r) => r.api)}, rows painted ${median((r) => r.painted)}; in the page after the answer (parse, model, render, paint) ${median((r) => r.painted - r.api)}`,
  );
}

type Body = { data?: unknown[]; spans?: unknown[] };
const tracesIn = (body: Body): string => `${body.data?.length} traces`;

/** Times `times` requests of `path`, each to its parsed JSON body; `describe` says what one answer held. */
async function apiLatency(
  base: string,
  label: string,
  path: string,
  times = 20,
  describe: (body: Body) => string = tracesIn,
): Promise<void> {
  const took: number[] = [];
  let content = '';
  let bytes = 0;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const res = await fetch(base + path);
    const text = await res.text();
    const body = JSON.parse(text) as Body;
    took.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    content = describe(body);
    bytes = Buffer.byteLength(text);
  }
  const size = bytes >= 1e5 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
  console.log(`  ${label}: ${summary(took)} (${times} queries, ${content} in ${size} each)`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skein-bench-ui-'));
  const bundle = await buildUiBundle();
  let backend: RunningBackend | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    console.log(
      `production bundle: ${(bundleSizes(bundle.dir).gzip / 1024).toFixed(1)} KB gzip (HTML + JS + CSS)`,
    );
    const fillStarted = performance.now();
    fillStore(dataDir, STORED, (n) => {
      if (n % 500_000 === 0) process.stderr.write(`\r  stored ${n.toLocaleString()} spans`);
    });
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    process.stderr.write('\n');
    console.log(
      `stored ${STORED.toLocaleString()} spans through the store's writer in ${fillSeconds.toFixed(0)} s (${Math.round(STORED / fillSeconds).toLocaleString()} spans/s)`,
    );

    backend = await startUiBackend(bundle.dir, dataDir, { maxSize: '100GB' });
    const base = `http://127.0.0.1:${backend.uiPort}`;
    await postOtlp(
      `http://127.0.0.1:${backend.httpPort}`,
      'traces',
      traceRequest(BIG_TRACE, Date.now() - 300_000, wideTraceSpans(TRACE_SPANS)),
    );

    console.log(`\n${TRACE_SPANS.toLocaleString()}-span trace`);
    await apiLatency(base, 'GET /api/traces/{id} (Jaeger)', `/api/traces/${BIG_TRACE}`, 5);
    await apiLatency(
      base,
      'GET /api/skein/traces/{id}/waterfall (what the trace page loads)',
      `/api/skein/traces/${BIG_TRACE}/waterfall`,
      5,
      (body) => `${body.spans?.length} spans`,
    );
    browser = await launchChromium();
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.addInitScript({ content: INIT_SCRIPT });
    const opens: FirstRows[] = [];
    for (let i = 0; i < RUNS; i++)
      opens.push(await timeToFirst(page, `${base}/trace/${BIG_TRACE}`, 'waterfall'));
    reportFirstRows('trace page', opens);
    for (const [label, pixels] of [
      ['scroll 1 row a frame', 26],
      ['scroll 10 rows a frame', 260],
    ] as const) {
      const run = await scrollWaterfall(page, 240, pixels);
      const slow = run.intervals.filter((f) => f > 1000 / 60 + 1).length;
      console.log(
        `  ${label}: frame interval ${summary(run.intervals)}; ${slow}/${run.intervals.length} frames over 16.7 ms; at most ${run.maxRows} rows in the DOM`,
      );
    }

    if (values['trace-only']) return;
    console.log(
      `\nsearch over ${(STORED + TRACE_SPANS).toLocaleString()} stored spans (limit 20, last hour)`,
    );
    const svc = BULK_SERVICES[0]!;
    await apiLatency(base, 'service', `/api/traces?service=${svc}&limit=20&lookback=1h`);
    await apiLatency(
      base,
      'service + operation + tag',
      `/api/traces?service=${svc}&operation=${encodeURIComponent(BULK_ROOT_OPERATION)}&tags=${encodeURIComponent('{"http.response.status_code":"500"}')}&limit=20&lookback=1h`,
    );
    await apiLatency(
      base,
      'service + minDuration 45ms',
      `/api/traces?service=${svc}&minDuration=45ms&limit=20&lookback=1h`,
    );
    await apiLatency(
      base,
      'service + error',
      `/api/traces?service=${svc}&tags=${encodeURIComponent('{"error":"true"}')}&limit=20&lookback=1h`,
    );
    const searches: FirstRows[] = [];
    for (let i = 0; i < RUNS; i++)
      searches.push(await timeToFirst(page, `${base}/search?service=${svc}&lookback=1h`, 'results'));
    reportFirstRows('search page', searches);
  } finally {
    await browser?.close();
    await backend?.stop();
    bundle.remove();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
