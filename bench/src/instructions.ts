// `npm run bench:instructions`: CPU instructions per request of one target, counted by valgrind's callgrind.
// Instruction counts do not depend on what else the machine runs, so they compare two versions of the code
// reliably where requests per second on a shared machine swing. The target runs under callgrind; after a warm-up
// (JIT settled) the counters are zeroed, a fixed number of requests is sent, and the counters are dumped.
//
// The warm-up is sent in two halves over fresh connections each time: the first requests on new sockets after
// the old ones closed deoptimize node:http's functions (wrong map), and V8 recompiles them; counted, that one
// recompilation wave added some 40,000 instructions per request to every target (most of it on the compiler
// thread), which hid how much a target itself costs.
//
// Two of V8's garbage-collection heuristics read the wall clock, which runs ~50× slow under valgrind: the memory
// reducer takes the slow target for an idle one and runs full collections, and the young generation is sized by
// the allocation rate it sees. Both are fixed for the count (no memory reducer; the 16 MiB semi-space V8 reaches
// under load), so a collection landing in one run and not in another does not decide a comparison.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { exportEnv, startSink } from './driver/sink.js';
import { buildTargets, targetEntry } from './driver/target.js';
import { allTargets } from './targets-list.js';

const help = `Usage: npm run bench:instructions -- [options]

Counts CPU instructions per GET /users/:id of each target under valgrind --tool=callgrind.

Options:
  --only <ids>      comma-separated targets (default raw,raw-als,skein-untraced,skein-traced); ratios are
                    to the first
  --warmup <n>      requests before counting, sent in two halves over new connections (default 20000)
  --requests <n>    requests counted (default 10000)
  --help            this text`;

/** Sends `amount` requests over 4 connections (a target under valgrind runs ~50× slower); returns the 2xx count. */
async function send(url: string, amount: number): Promise<number> {
  const result = await autocannon({ url, connections: 4, amount, timeout: 120 });
  return result['2xx'];
}

/** Instructions in the dump written by `callgrind_control --dump` (a file named callgrind.out.<pid>.<n>). */
function dumpedInstructions(dir: string): number {
  const dump = readdirSync(dir).find((f) => /^callgrind\.out\.\d+\.\d+$/.test(f));
  const m = dump && /^(?:summary|totals): (\d+)/m.exec(readFileSync(join(dir, dump), 'utf8'));
  if (!m) throw new Error(`no callgrind dump in ${dir}`);
  return Number(m[1]);
}

async function count(
  id: string,
  env: Record<string, string>,
  warmup: number,
  requests: number,
): Promise<number> {
  const spec = allTargets.find((t) => t.id === id);
  if (!spec) throw new Error(`unknown target ${id}`);
  const dir = mkdtempSync(join(tmpdir(), 'skein-callgrind-'));
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--dump-instr=no',
      '--compress-strings=no',
      `--callgrind-out-file=${dir}/callgrind.out.%p`,
      process.execPath,
      '--no-memory-reducer',
      '--min-semi-space-size=16',
      '--max-semi-space-size=16',
      targetEntry(spec),
    ],
    {
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', ...env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`${id} exited with ${code} under valgrind`)));
    });
    child.stdout.resume();
    child.stderr.resume();
    const url = `http://127.0.0.1:${port}/users/42`;
    await send(url, Math.ceil(warmup / 2));
    await send(url, Math.ceil(warmup / 2));
    execFileSync('callgrind_control', ['--zero', String(child.pid)], { stdio: 'ignore' });
    const answered = await send(url, requests);
    // Let the batch processor export what the counted requests queued, so export is part of the figure.
    await new Promise((r) => setTimeout(r, 7000));
    execFileSync('callgrind_control', ['--dump', String(child.pid)], { stdio: 'ignore' });
    return dumpedInstructions(dir) / answered;
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: 'raw,raw-als,skein-untraced,skein-traced' },
      warmup: { type: 'string', default: '20000' },
      requests: { type: 'string', default: '10000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(help);
    return;
  }
  buildTargets();
  const sink = await startSink();
  const env = exportEnv(sink);
  try {
    let baseline: number | undefined;
    for (const id of values.only.split(',')) {
      process.stdout.write(`${id.padEnd(16)} `);
      const perRequest = await count(id, env, Number(values.warmup), Number(values.requests));
      baseline ??= perRequest;
      console.log(
        `${Math.round(perRequest).toLocaleString('en').padStart(9)} instructions per request  ` +
          `${(perRequest / baseline).toFixed(2)}× the first`,
      );
    }
  } finally {
    await sink.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
