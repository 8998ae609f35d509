// `npm run bench`: GET /users/:id on one pinned core, load from the other, interleaved rounds, medians and
// ratios to raw node:http. Results go to the terminal and to bench/results/http-<time>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runLoad } from './driver/load.js';
import { pinSelf, pinning } from './driver/pinning.js';
import { summarise, table, type RoundFigures } from './driver/report.js';
import { startSink } from './driver/sink.js';
import { buildTargets, startTarget, type TargetSpec } from './driver/target.js';

const allTargets: TargetSpec[] = [
  { name: 'raw node:http', module: 'raw' },
  { name: 'skein untraced', module: 'skein', env: { SKEIN_BENCH_TRACED: 'false' } },
  { name: 'skein traced', module: 'skein' },
];

const help = `Usage: npm run bench -- [options]

Benchmarks GET /users/:id: raw node:http, Skein untraced, Skein traced (100% sampled, OTLP/HTTP protobuf export
to a local sink). The server runs on core 0, the load generator (autocannon) on core 1.

Options:
  --duration <s>      seconds of load per round (default 10)
  --warmup <s>        seconds of warm-up load before each measured round (default 3)
  --rounds <n>        interleaved rounds per target (default 3)
  --connections <n>   concurrent connections (default 100)
  --only <names>      comma-separated subset of targets: ${allTargets.map((t) => t.module).join(', ')}
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
  const targets = only ? allTargets.filter((t) => only.includes(t.module)) : allTargets;
  const baseline = targets[0]!.name;

  buildTargets();
  pinSelf(1);
  if (!pinning) console.log('note: taskset not found, running without CPU pinning');
  const sink = await startSink();
  const exportEnv = {
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_SAMPLER: 'always_on',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  };

  const results = new Map<string, RoundFigures[]>(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const spec of targets) {
      process.stdout.write(`round ${round}/${rounds}  ${spec.name.padEnd(18)} `);
      const target = await startTarget(spec, exportEnv);
      try {
        const url = `http://127.0.0.1:${target.port}/users/42`;
        if (warmupSec > 0) await runLoad(url, { connections, durationSec: warmupSec, pipelining: 1 });
        const r = await runLoad(url, { connections, durationSec, pipelining: 1 });
        const figures = { ...r, rssMb: target.peakRssMb(), errors: r.errors + r.non2xx };
        results.get(spec.name)!.push(figures);
        console.log(
          `${figures.rps.toFixed(0)} rps  p99 ${figures.p99Ms} ms  rss ${figures.rssMb.toFixed(0)} MB`,
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
  const file = new URL(`http-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, dir);
  const meta = { node: process.version, connections, durationSec, warmupSec, rounds, pinning };
  writeFileSync(
    file,
    JSON.stringify({ meta, summaries, sink: { requests: sink.requests, bytes: sink.bytes } }, null, 2),
  );
  console.log(`results: ${file.pathname}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
