// `npm run bench`: GET /users/:id on one pinned core, load from the other, interleaved rounds, medians and
// ratios to raw node:http. Results go to the terminal and to bench/results/http-<time>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { barChart } from './driver/chart.js';
import { runLoad } from './driver/load.js';
import { pinSelf, pinning } from './driver/pinning.js';
import { summarise, table, type RoundFigures } from './driver/report.js';
import { exportEnv, startSink } from './driver/sink.js';
import { buildTargets, startTarget } from './driver/target.js';
import { allTargets } from './targets-list.js';

const docsDir = new URL('../../docs/performance/', import.meta.url);

const help = `Usage: npm run bench -- [options]

Benchmarks GET /users/:id on raw node:http, raw node:http inside AsyncLocalStorage (the context floor), Skein
(untraced, and traced: 100% sampled, OTLP/HTTP protobuf export to a local sink), and the peers: fastify, express 5,
each bare and with its official OpenTelemetry instrumentation (on the official SDK, BatchSpanProcessor, OTLP/HTTP
protobuf exporter to the same sink), and a hand-written span on the official SDK. The server runs on core 0,
the load generator (autocannon) on core 1. Rounds are interleaved: round 1 of every target, then round 2, ...
A full run writes the charts to docs/performance/http-{rps,cpu}.svg; a run with --only writes them beside the JSON.

Options:
  --duration <s>      seconds of load per round (default 10)
  --warmup <s>        seconds of warm-up load before each measured round (default 3)
  --rounds <n>        interleaved rounds per target (default 3)
  --connections <n>   concurrent connections (default 100)
  --only <ids>        comma-separated subset of targets (the first is the baseline of the ratios):
                      ${allTargets.map((t) => t.id).join(', ')}
  --help              this text`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '100' },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(help);
    return;
  }
  const durationSec = Number(values.duration);
  const warmupSec = Number(values.warmup);
  const rounds = Number(values.rounds);
  const connections = Number(values.connections);
  const only = values.only?.split(',');
  const unknown = only?.filter((id) => !allTargets.some((t) => t.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown target ${unknown.join(', ')}: see --help`);
  const targets = only ? only.map((id) => allTargets.find((t) => t.id === id)!) : allTargets;
  const baseline = targets[0]!.name;

  buildTargets();
  pinSelf(1);
  if (!pinning) console.log('note: taskset not found, running without CPU pinning');
  const sink = await startSink();
  const env = exportEnv(sink);

  const results = new Map<string, RoundFigures[]>(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const spec of targets) {
      process.stdout.write(`round ${round}/${rounds}  ${spec.name.padEnd(28)} `);
      const target = await startTarget(spec, env);
      try {
        const url = `http://127.0.0.1:${target.port}/users/42`;
        if (warmupSec > 0) await runLoad(url, { connections, durationSec: warmupSec, pipelining: 1 });
        const cpuBefore = target.cpuSeconds();
        const r = await runLoad(url, { connections, durationSec, pipelining: 1 });
        const cpuUs = ((target.cpuSeconds() - cpuBefore) / r.requests) * 1e6;
        const figures = { ...r, cpuUs, rssMb: target.peakRssMb(), errors: r.errors + r.non2xx };
        results.get(spec.name)!.push(figures);
        console.log(
          `${figures.rps.toFixed(0)} rps  p99 ${figures.p99Ms} ms  cpu ${cpuUs.toFixed(0)} µs/req  rss ${figures.rssMb.toFixed(0)} MB`,
        );
      } finally {
        await target.stop();
      }
    }
  }
  await sink.close();

  const summaries = summarise(results, baseline);
  console.log(
    `\nGET /users/:id, ${connections} connections, ${durationSec}s × ${rounds} rounds, Node ${process.version}`,
  );
  console.log(table(summaries));
  console.log(`\nOTLP sink received ${sink.requests} export requests, ${(sink.bytes / 1e6).toFixed(1)} MB`);

  const dir = new URL('../results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = new URL(`http-${stamp}.json`, dir);
  const meta = { node: process.version, connections, durationSec, warmupSec, rounds, pinning };
  writeFileSync(
    file,
    JSON.stringify({ meta, summaries, sink: { requests: sink.requests, bytes: sink.bytes } }, null, 2),
  );
  console.log(`results: ${file.pathname}`);
  const caption = `Node ${process.version}, server pinned to 1 core, ${connections} connections, median of ${rounds} × ${durationSec} s rounds (line: min–max)`;
  for (const metric of ['rps', 'cpu'] as const) {
    const chart = new URL(only ? `http-${stamp}-${metric}.svg` : `http-${metric}.svg`, only ? dir : docsDir);
    writeFileSync(chart, barChart(summaries, caption, metric));
    console.log(`chart: ${chart.pathname}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
