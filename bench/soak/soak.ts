// Soak: the shop's five services and a `skein backend`, each its own process, under steady closed-loop load
// for --minutes. Prints throughput, errors, latency percentiles, the memory of every process at the start, after
// --settle minutes (V8 heaps and SQLite caches grow to their working size first) and at the end, and the spans
// the services handed to their exporters against spans the backend stored.
//
//   npm run soak -- --minutes 10 [--concurrency 16] [--warmup 15] [--settle 2]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createSystem } from '@skein/example-shop';
import { freePort, startBackendProcess, startProcess, waitFor, type RunningProcess } from '@skein/testkit';
import { memoryTable, readMemory, samplerEnv, type MemoryMark } from './process-memory.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    warmup: { type: 'string', default: '15' },
    settle: { type: 'string', default: '2' },
  },
});
const minutes = Number(values.minutes);
const concurrency = Number(values.concurrency);
const warmupSeconds = Number(values.warmup);
const settleMinutes = Math.min(Number(values.settle), minutes);
const ITEMS = ['sku-teapot', 'sku-mug', 'sku-kettle', 'sku-grinder', 'sku-beans', 'sku-scale'];

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base port with the four after it free too (the shop takes five consecutive ports). */
async function freeRange(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all([0, 1, 2, 3, 4].map((i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
}

/** Spans each service's batch processor handed to its exporter, and those it lost, from its /metrics. */
async function exportCounts(url: string): Promise<{ exported: number; lost: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let exported = 0;
  let lost = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('otel_sdk_processor_span_processed_total{')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.includes('error_type=')) lost += value;
    else exported += value;
  }
  return { exported, lost };
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skein-soak-'));
  const processes: { name: string; proc: RunningProcess }[] = [];
  try {
    const ports = { http: await freePort(), ui: await freePort(), grpc: await freePort() };
    const memoryDir = join(dataDir, 'memory');
    mkdirSync(memoryDir);
    const sampled = samplerEnv(memoryDir);
    const backend = await startBackendProcess(join(dataDir, 'backend'), ports, {
      launcher: ['env', ...Object.entries(sampled).map(([k, v]) => `${k}=${v}`)],
    });
    processes.push({ name: 'backend', proc: backend });

    const system = createSystem({ basePort: await freeRange(), dataDir, faults: { paymentFailureRate: 0 } });
    for (const service of system.services) {
      const proc = await startProcess(process.execPath, {
        args: ['--import', 'tsx', '--conditions=@skein/source', service.entry],
        env: {
          ...process.env,
          ...service.env,
          ...sampled,
          PORT: String(service.port),
          OTEL_SERVICE_NAME: service.name,
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.http}`,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
          OTEL_METRICS_EXPORTER: 'none',
          LOG_LEVEL: 'warn',
        },
      });
      processes.push({ name: service.name, proc });
      await waitFor(
        `${service.name} ready`,
        async () => (await fetch(`http://127.0.0.1:${service.port}/readyz`)).ok,
        {
          timeoutMs: 60_000,
          intervalMs: 200,
        },
      );
    }
    const urls = system.services.map((s) => `http://127.0.0.1:${s.port}`);
    const gateway = `http://127.0.0.1:${system.services.find((s) => s.public)!.port}`;

    let key = 0;
    let stopAt = Date.now() + warmupSeconds * 1000;
    let latencies: number[] = [];
    let errors = new Map<string, number>();
    const request = async (): Promise<void> => {
      const started = performance.now();
      let outcome: string;
      try {
        const checkout = key % 5 !== 0;
        const res = checkout
          ? await fetch(`${gateway}/api/orders`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'idempotency-key': `soak-${process.pid}-${++key}`,
              },
              body: JSON.stringify({
                items: [{ productId: ITEMS[key % ITEMS.length], quantity: 1 }],
                paymentMethod: 'card',
              }),
            })
          : await fetch(`${gateway}/api/products?n=${++key}`);
        await res.arrayBuffer();
        outcome = res.ok ? 'ok' : `HTTP ${res.status}`;
      } catch (err) {
        outcome = (err as Error).message;
      }
      latencies.push(performance.now() - started);
      if (outcome !== 'ok') errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
    };
    const run = async (): Promise<void> => {
      const worker = async (): Promise<void> => {
        while (Date.now() < stopAt) await request();
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    };

    console.log(`warm-up ${warmupSeconds} s at concurrency ${concurrency}…`);
    await run();
    const before = await Promise.all(urls.map(exportCounts));
    const memory = (): MemoryMark[] => processes.map(({ proc }) => readMemory(proc.pid, memoryDir));
    const memoryStart = memory();
    latencies = [];
    errors = new Map();
    const started = Date.now();
    stopAt = started + minutes * 60_000;
    let memorySettled = memoryStart;
    const settling = setTimeout(() => (memorySettled = memory()), settleMinutes * 60_000);
    console.log(`soak ${minutes} min…`);
    await run();
    const seconds = (Date.now() - started) / 1000;
    clearTimeout(settling);
    const memoryEnd = memory();

    // Let the batch processors drain, then compare what they handed over with what the backend stored.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const after = await Promise.all(urls.map(exportCounts));
    // Read while the backend runs (WAL readers do not block it), right after the services' counters.
    const db = new Database(join(dataDir, 'backend', 'skein.db'), { readonly: true });
    const stored = (db.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n;
    db.close();
    const exported = after.reduce((n, c) => n + c.exported, 0);
    const lost = after.reduce((n, c) => n + c.lost, 0);
    const soakExported = exported - before.reduce((n, c) => n + c.exported, 0);

    const sorted = latencies.sort((a, b) => a - b);
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    console.log(
      `\nrequests      ${latencies.length} in ${seconds.toFixed(0)} s = ${(latencies.length / seconds).toFixed(1)} req/s (concurrency ${concurrency}; 4 of 5 are checkouts)`,
    );
    console.log(
      `errors        ${errorCount}${errors.size ? ` ${JSON.stringify(Object.fromEntries(errors))}` : ''}`,
    );
    console.log(
      `latency ms    p50 ${percentile(sorted, 50).toFixed(1)}  p90 ${percentile(sorted, 90).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  max ${sorted.at(-1)?.toFixed(1)}`,
    );
    const names = processes.map(({ name }) => name);
    for (const line of memoryTable(names, memoryStart, memorySettled, memoryEnd, `${settleMinutes} min`)) {
      console.log(line);
    }
    console.log(
      `spans         exported by the services ${exported} (${soakExported} during the soak), lost ${lost}, stored by the backend ${stored}`,
    );
  } finally {
    for (const { proc } of processes.reverse()) await proc.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
