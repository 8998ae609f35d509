// Starts the whole shop from source for end-to-end tests: every service its own process on a free port, with a
// temp data dir, exporting OTLP to `otlpEndpoint`. Every process is killed by pid when the stack stops.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess, waitFor, type RunningProcess } from '@skein/testkit';
import { SERVICE_NAMES, shopEnvironment, type Faults, type ShopService } from '../src/index.js';

const root = new URL('../../../', import.meta.url).pathname;

export interface StackOptions {
  /** OTLP/HTTP base URL of a backend, or of a closed port. */
  otlpEndpoint: string;
  faults?: Faults;
}

export interface ShopStack {
  url(service: ShopService): string;
  dataDir: string;
  /** Starts (or restarts) one service, with extra environment. */
  start(service: ShopService, env?: Record<string, string>): Promise<void>;
  stopService(service: ShopService): Promise<void>;
  stop(): Promise<void>;
}

export async function startShop(options: StackOptions): Promise<ShopStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skein-shop-'));
  const ports = {} as Record<ShopService, number>;
  for (const name of SERVICE_NAMES) ports[name] = await freePort();
  const env = {
    ...process.env,
    ...shopEnvironment(ports, dataDir, options.faults ?? {}),
    OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_METRIC_EXPORT_INTERVAL: '60000',
    SKEIN_OUTBOX_POLL_MS: '100',
    SKEIN_OUTBOX_BACKOFF_MS: '100',
    SKEIN_OUTBOX_MAX_BACKOFF_MS: '400',
  };
  const running = new Map<ShopService, RunningProcess>();
  const url = (service: ShopService): string => `http://127.0.0.1:${ports[service]}`;

  const start = async (service: ShopService, extra: Record<string, string> = {}): Promise<void> => {
    const proc = await startProcess(process.execPath, {
      cwd: root,
      args: ['--import', 'tsx', '--conditions=@skein/source', `examples/shop/src/${service}.ts`],
      env: { ...env, ...extra, PORT: String(ports[service]), OTEL_SERVICE_NAME: service },
    });
    running.set(service, proc);
    try {
      await waitFor(
        `${service} /readyz`,
        async () => {
          if (proc.child.exitCode !== null) throw new Error(`${service} exited:\n${proc.output()}`);
          const res = await fetch(`${url(service)}/readyz`);
          await res.body?.cancel();
          return res.status === 200;
        },
        { timeoutMs: 20_000, intervalMs: 100 },
      );
    } catch (err) {
      await proc.stop('SIGKILL');
      throw new Error(`${service} did not become ready: ${(err as Error).message}\n${proc.output()}`, {
        cause: err,
      });
    }
  };
  const stopService = async (service: ShopService): Promise<void> => {
    await running.get(service)?.stop();
    running.delete(service);
  };
  const stop = async (): Promise<void> => {
    for (const [name, proc] of running) {
      // A service that died on its own explains the failures that follow: show what it printed.
      if (proc.child.exitCode !== null) console.error(`${name} exited early:\n${proc.output()}`);
    }
    await Promise.all([...running.keys()].map(stopService));
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await Promise.all(SERVICE_NAMES.map((service) => start(service)));
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, dataDir, start, stopService, stop };
}
