// `npm run bench:shop`: what tracing adds to the shop's checkout (POST /api/orders: gateway → orders →
// inventory, payment; five services, each its own process). The shop runs untraced (OTEL_SDK_DISABLED) and traced
// (100% sampled, OTLP/HTTP protobuf to a local sink) in interleaved rounds; the latency added is divided by the
// four services on the synchronous path to give the cost per hop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { SERVICE_NAMES, shopEnvironment, type ShopService } from '@skein/example-shop';
import { exportEnv, startSink } from './driver/sink.js';

const SYNC_HOPS = 4;
const root = fileURLToPath(new URL('../../', import.meta.url));

const help = `Usage: npm run bench:shop -- [--rounds 3] [--duration 10] [--connections 1]

Checkout latency of the shop, untraced vs traced, interleaved rounds; prints the added latency per hop.
One connection (the default) measures latency without queueing; more connections measure throughput.`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/readyz`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready`);
}

interface Shop {
  gateway: string;
  stop(): Promise<void>;
}

async function startShop(env: Record<string, string>): Promise<Shop> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skein-bench-shop-'));
  const ports = {} as Record<ShopService, number>;
  for (const name of SERVICE_NAMES) ports[name] = await freePort();
  const shared = { ...process.env, NODE_ENV: 'production', ...shopEnvironment(ports, dataDir, {}), ...env };
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (const name of ['inventory', 'payment', 'shipping', 'orders', 'gateway'] as const) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--conditions=@skein/source', `examples/shop/src/${name}.ts`],
        {
          cwd: root,
          env: { ...shared, PORT: String(ports[name]), OTEL_SERVICE_NAME: name },
          stdio: 'ignore',
        },
      );
      children.push(child);
      await waitReady(`http://127.0.0.1:${ports[name]}`, child);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { gateway: `http://127.0.0.1:${ports.gateway}`, stop };
}

/** The product with the deepest stock, so a long run does not sell out. */
async function orderable(gateway: string): Promise<string> {
  const res = await fetch(`${gateway}/api/products`);
  const { products } = (await res.json()) as { products: { id: string; stock: number }[] };
  return products.reduce((a, b) => (b.stock > a.stock ? b : a)).id;
}

interface Figures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

async function checkout(gateway: string, durationSec: number, connections: number): Promise<Figures> {
  const productId = await orderable(gateway);
  const result = await autocannon({
    url: `${gateway}/api/orders`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items: [{ productId, quantity: 1 }], paymentMethod: 'card' }),
    connections,
    duration: durationSec,
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${failed} checkouts failed`);
  return { rps: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(help);
    return;
  }
  const sink = await startSink();
  const modes: [string, Record<string, string>][] = [
    ['untraced', { OTEL_SDK_DISABLED: 'true' }],
    ['traced', exportEnv(sink)],
  ];
  const results = new Map<string, Figures[]>(modes.map(([name]) => [name, []]));
  const rounds = Number(values.rounds);
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const [name, env] of modes) {
        process.stdout.write(`round ${round}/${rounds}  ${name.padEnd(9)} `);
        const shop = await startShop(env);
        try {
          await checkout(shop.gateway, 2, Number(values.connections)); // warm-up
          const f = await checkout(shop.gateway, Number(values.duration), Number(values.connections));
          results.get(name)!.push(f);
          console.log(`${f.rps.toFixed(0)} checkouts/s  p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms`);
        } finally {
          await shop.stop();
        }
      }
    }
  } finally {
    await sink.close();
  }
  const [untraced, traced] = modes.map(([name]) => {
    const r = results.get(name)!;
    return {
      rps: median(r.map((f) => f.rps)),
      p50: median(r.map((f) => f.p50Ms)),
      p99: median(r.map((f) => f.p99Ms)),
    };
  });
  console.log(`\nPOST /api/orders, ${values.connections} connections, median of ${rounds} rounds`);
  console.log(
    `untraced  ${untraced!.rps.toFixed(0)} checkouts/s  p50 ${untraced!.p50} ms  p99 ${untraced!.p99} ms`,
  );
  console.log(
    `traced    ${traced!.rps.toFixed(0)} checkouts/s  p50 ${traced!.p50} ms  p99 ${traced!.p99} ms`,
  );
  const added = traced!.p50 - untraced!.p50;
  console.log(
    `tracing adds ${added.toFixed(2)} ms at p50 over ${SYNC_HOPS} services: ${(added / SYNC_HOPS).toFixed(2)} ms per hop` +
      ` (throughput ×${(traced!.rps / untraced!.rps).toFixed(2)}); sink got ${sink.requests} exports`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
