// `skein up`: the embedded backend, every service of the example system, a gentle traffic generator, and
// the URLs to open. Ctrl-C stops everything gracefully and leaves no process behind.
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBackend } from '@skein/backend';
import { assertPortsFree } from './ports.js';
import { Supervisor } from './supervisor.js';
import { loadSystem } from './systems.js';

export const help = `Usage: skein up [options]

Starts the embedded telemetry backend (OTLP gRPC and HTTP, query API and UI) and every service of the example
system, waits until each is ready, prints the URLs, and sends gentle traffic so traces appear at once.
Ctrl-C stops everything.

Options:
  --base-port <n>             first service port; the others follow (default 8080)
  --grpc-port <n>             OTLP/gRPC port of the backend (default 4317)
  --http-port <n>             OTLP/HTTP port of the backend (default 4318)
  --ui-port <n>               UI and query API port of the backend (default 16686)
  --data-dir <path>           where the backend and the services keep their data (default .skein)
  --no-backend                do not start the backend; services export to OTEL_EXPORTER_OTLP_ENDPOINT
  --no-traffic                do not generate traffic
  --rate <n>                  generated requests per second (default 2)
  --payment-latency <ms>      extra latency of every payment call (default 0)
  --payment-failure-rate <f>  fraction of payments that fail, 0..1 (default 0.1)
  --inventory-latency <ms>    extra latency of every inventory call (default 0)
  --help                      this text

Environment: SKEIN_PAYMENT_LATENCY_MS, SKEIN_PAYMENT_FAILURE_RATE and SKEIN_INVENTORY_LATENCY_MS set the same
faults; flags win.`;

const host = '127.0.0.1';

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name} must be a non-negative number, got '${value}'`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'base-port': { type: 'string' },
      'grpc-port': { type: 'string' },
      'http-port': { type: 'string' },
      'ui-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'no-backend': { type: 'boolean', default: false },
      'no-traffic': { type: 'boolean', default: false },
      rate: { type: 'string' },
      'payment-latency': { type: 'string' },
      'payment-failure-rate': { type: 'string' },
      'inventory-latency': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(help);
    return 0;
  }
  const env = process.env;
  const basePort = numberOption(values['base-port'], 'base-port', 8080);
  const grpcPort = numberOption(values['grpc-port'], 'grpc-port', 4317);
  const httpPort = numberOption(values['http-port'], 'http-port', 4318);
  const uiPort = numberOption(values['ui-port'], 'ui-port', 16686);
  const dataDir = resolve(values['data-dir'] ?? '.skein');
  const rate = numberOption(values.rate, 'rate', 2);
  const faults = {
    paymentLatencyMs: numberOption(
      values['payment-latency'] ?? env.SKEIN_PAYMENT_LATENCY_MS,
      'payment-latency',
      0,
    ),
    paymentFailureRate: numberOption(
      values['payment-failure-rate'] ?? env.SKEIN_PAYMENT_FAILURE_RATE,
      'payment-failure-rate',
      0.1,
    ),
    inventoryLatencyMs: numberOption(
      values['inventory-latency'] ?? env.SKEIN_INVENTORY_LATENCY_MS,
      'inventory-latency',
      0,
    ),
  };
  if (faults.paymentFailureRate > 1) throw new Error('--payment-failure-rate must be between 0 and 1');

  const system = await loadSystem({ basePort, dataDir, faults });
  const withBackend = !values['no-backend'];
  await assertPortsFree(
    [
      ...(withBackend
        ? [
            { port: grpcPort, owner: 'backend OTLP/gRPC' },
            { port: httpPort, owner: 'backend OTLP/HTTP' },
            { port: uiPort, owner: 'backend UI' },
          ]
        : []),
      ...system.services.map((s) => ({ port: s.port, owner: s.name })),
    ],
    host,
  );

  const t0 = Date.now();
  const step = (text: string): void => {
    process.stdout.write(`  ${text.padEnd(36)}`);
  };
  const done = (since: number): void => {
    console.log(`ready (${((Date.now() - since) / 1000).toFixed(1)} s)`);
  };

  console.log(`Starting Skein: ${system.name}\n`);
  let backend: Awaited<ReturnType<typeof startBackend>> | undefined;
  const serviceEnv: NodeJS.ProcessEnv = { ...env, NODE_ENV: env.NODE_ENV ?? 'production' };
  if (withBackend) {
    const since = Date.now();
    step('backend (OTLP + UI)…');
    backend = await startBackend({ host, grpcPort, httpPort, uiPort, dataDir: join(dataDir, 'backend') });
    done(since);
    serviceEnv.OTEL_EXPORTER_OTLP_ENDPOINT = `http://${host}:${backend.httpPort}`;
    serviceEnv.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf';
  }

  let stopTraffic: (() => Promise<void>) | undefined;
  let shuttingDown = false;
  const supervisor = new Supervisor(join(dataDir, 'logs'), serviceEnv, (name, code, tail) => {
    console.error(`\n${name} exited unexpectedly (${code}); last lines of its log:\n${tail}\n`);
  });

  const shutdown = async (): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log('\nStopping…');
    await stopTraffic?.();
    await supervisor.stopAll();
    await backend?.stop();
    console.log('Stopped. No process left behind.');
  };
  const stopped = new Promise<void>((resolveStopped) => {
    const onSignal = (): void => void shutdown().then(resolveStopped);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });

  try {
    for (const service of system.services) supervisor.start(service);
    for (const service of system.services) {
      const since = Date.now();
      step(`${service.name} on :${service.port}…`);
      await supervisor.waitReady(service.name);
      done(since);
    }
  } catch (err) {
    console.log('failed');
    await shutdown();
    throw err;
  }

  const publicService = system.services.find((s) => s.public) ?? system.services[0]!;
  const baseUrl = `http://${host}:${publicService.port}`;
  console.log(`\nAll up in ${((Date.now() - t0) / 1000).toFixed(1)} s.\n`);
  if (backend) console.log(`  UI (traces, logs, service map)  http://${host}:${backend.uiPort}`);
  console.log(`  ${publicService.name.padEnd(31)} ${baseUrl}`);
  for (const s of system.services)
    console.log(`  ${`${s.name} /metrics`.padEnd(31)} http://${host}:${s.port}/metrics`);
  if (backend) {
    console.log(`  ${'OTLP/gRPC'.padEnd(31)} ${host}:${backend.grpcPort}`);
    console.log(`  ${'OTLP/HTTP'.padEnd(31)} http://${host}:${backend.httpPort}`);
  }
  console.log(`  ${'service logs'.padEnd(31)} ${join(dataDir, 'logs')}`);

  if (!values['no-traffic'] && system.traffic && rate > 0) {
    stopTraffic = system.traffic({ rate, baseUrl, log: (line) => console.log(`  traffic: ${line}`) });
    console.log(`\nGenerating traffic: ${rate} request(s)/s (--no-traffic to disable, --rate to change).`);
  }
  console.log('\nPress Ctrl-C to stop.');
  await stopped;
  return 0;
}
