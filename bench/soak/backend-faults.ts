// Latency of a traced service whose backend is healthy, absent, or answers every export after 5 s: the same
// service process (packages/server/test/fixtures/steady-service.ts) under the same closed-loop load each time.
//
//   node --import tsx --conditions=@skein/source bench/soak/backend-faults.ts [--seconds 10] [--concurrency 8]
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, startProcess } from '@skein/testkit';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '8' } },
});
const SERVICE = fileURLToPath(
  new URL('../../packages/server/test/fixtures/steady-service.ts', import.meta.url),
);

/** An OTLP/HTTP sink acknowledging every export after `delayMs`. */
async function sink(delayMs: number): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), delayMs),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function measure(name: string, endpoint: string): Promise<void> {
  const port = await freePort();
  const service = await startProcess(process.execPath, {
    args: ['--import', 'tsx', '--conditions=@skein/source', SERVICE],
    env: {
      ...process.env,
      PORT: String(port),
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    },
    readyLine: /listening on/,
  });
  try {
    const url = `http://127.0.0.1:${port}/work/bench`;
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const run = async (until: number, record: boolean): Promise<void> => {
      const worker = async (): Promise<void> => {
        while (Date.now() < until) {
          const started = performance.now();
          const res = await fetch(url);
          await res.arrayBuffer();
          if (!record) continue;
          latencies.push(performance.now() - started);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: Number(values.concurrency) }, worker));
    };
    await run(Date.now() + 2_000, false);
    const seconds = Number(values.seconds);
    await run(Date.now() + seconds * 1000, true);
    const sorted = latencies.sort((a, b) => a - b);
    const at = (p: number): string => sorted[Math.floor((p / 100) * (sorted.length - 1))]!.toFixed(2);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const dropped = metrics
      .split('\n')
      .filter((l) => l.startsWith('otel_sdk_processor_span_processed_total{') && l.includes('error_type='))
      .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    console.log(
      `${name.padEnd(22)} ${(latencies.length / seconds).toFixed(0).padStart(6)} req/s  p50 ${at(50)} ms  p99 ${at(99)} ms  statuses ${JSON.stringify(Object.fromEntries(statuses))}  spans lost ${dropped}`,
    );
  } finally {
    await service.stop('SIGKILL');
  }
}

const healthy = await sink(0);
const slow = await sink(5_000);
const origin = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
try {
  await measure('backend healthy', origin(healthy));
  await measure('backend absent', `http://127.0.0.1:${await freePort()}`);
  await measure('backend answers in 5 s', origin(slow));
} finally {
  healthy.closeAllConnections();
  slow.closeAllConnections();
  healthy.close();
  slow.close();
}
