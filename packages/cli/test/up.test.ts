// `skein up` (what `npm start` runs) as a real process: the backend and the five shop services start on the
// ports given, the printed URLs answer, an order is traced into the backend, generated traffic arrives,
// Ctrl-C stops everything and leaves no process behind, and a taken port is named before anything starts.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, startProcess, waitFor, type RunningProcess } from '@skein/testkit';

const root = new URL('../../../', import.meta.url).pathname;
const SERVICES = ['gateway', 'orders', 'inventory', 'payment', 'shipping'];

/** Consecutive free ports: the shop takes base..base+4. */
async function freeRun(count: number): Promise<number> {
  for (;;) {
    const base = await freePort();
    const probes = await Promise.all(Array.from({ length: count }, (_, i) => isFree(base + i)));
    if (probes.every(Boolean)) return base;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Pids of live processes whose environment names this data dir (the services `up` spawned). */
function processesUsing(dataDir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').includes(dataDir)) pids.push(Number(name));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return pids;
}

function runUp(args: string[]): Promise<RunningProcess> {
  return startProcess(process.execPath, {
    cwd: root,
    args: ['--import', 'tsx', '--conditions=@skein/source', 'packages/cli/src/main.ts', 'up', ...args],
    env: { ...process.env, NO_COLOR: '1' },
  });
}

describe('skein up', () => {
  let dataDir: string;
  let up: RunningProcess | undefined;
  let base: number;
  let ui: number;
  let upPid = 0;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'skein-up-'));
    base = await freeRun(5);
    ui = await freePort();
    const [grpc, http] = [await freePort(), await freePort()];
    up = await runUp([
      '--base-port',
      String(base),
      '--grpc-port',
      String(grpc),
      '--http-port',
      String(http),
      '--ui-port',
      String(ui),
      '--data-dir',
      dataDir,
      '--rate',
      '5',
      '--payment-failure-rate',
      '0.5',
    ]);
    upPid = up.pid;
    await waitFor(
      'skein up to print Press Ctrl-C',
      () => {
        if (up!.child.exitCode !== null) throw new Error(`skein up exited:\n${up!.output()}`);
        return up!.output().includes('Press Ctrl-C to stop.');
      },
      { timeoutMs: 170_000, intervalMs: 200 },
    );
  });

  after(async () => {
    if (up && up.child.exitCode === null) await up.stop('SIGINT', 20_000);
    for (const pid of processesUsing(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the UI, the gateway and every service /metrics URL', () => {
    const out = up!.output();
    assert.match(out, new RegExp(`UI \\(traces, logs, service map\\)\\s+http://127\\.0\\.0\\.1:${ui}`));
    assert.match(out, new RegExp(`gateway\\s+http://127\\.0\\.0\\.1:${base}\\n`));
    for (const [i, name] of ['gateway', 'orders', 'inventory', 'payment', 'shipping'].entries()) {
      assert.match(out, new RegExp(`${name} /metrics\\s+http://127\\.0\\.0\\.1:${base + i}/metrics`));
    }
  });

  it('serves the shop on the printed gateway URL and every /metrics', async () => {
    const products = await fetch(`http://127.0.0.1:${base}/api/products`);
    assert.equal(products.status, 200);
    assert.ok(((await products.json()) as { products: unknown[] }).products.length > 0);
    for (let i = 0; i < 5; i++) {
      const metrics = await fetch(`http://127.0.0.1:${base + i}/metrics`);
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /http_server_request_duration/);
    }
  });

  it('traces the generated traffic into the backend, failures included', async () => {
    const services = await waitFor(
      'all five services in the backend',
      async () => {
        const res = await fetch(`http://127.0.0.1:${ui}/api/services`);
        const names = ((await res.json()) as { data: string[] }).data;
        return SERVICES.every((s) => names.includes(s)) && names;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    assert.deepEqual([...services].sort(), [...SERVICES].sort());
    const failed = await waitFor(
      'a trace with an error from the traffic',
      async () => {
        const res = await fetch(
          `http://127.0.0.1:${ui}/api/traces?service=payment&tags=${encodeURIComponent('{"error":"true"}')}&limit=5`,
        );
        const traces = (
          (await res.json()) as { data: { processes: Record<string, { serviceName: string }> }[] }
        ).data;
        return traces.length > 0 && traces;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const touched = new Set(Object.values(failed[0]!.processes).map((p) => p.serviceName));
    for (const name of ['gateway', 'orders', 'payment'])
      assert.ok(
        touched.has(name),
        `the declined checkout's trace reaches ${name}: ${[...touched].join(', ')}`,
      );
  });

  it('stops everything on Ctrl-C and leaves no process behind', async () => {
    assert.ok(processesUsing(dataDir).length >= SERVICES.length, 'the services run before Ctrl-C');
    const code = await up!.stop('SIGINT', 30_000);
    assert.equal(code, 0, up!.output());
    assert.match(up!.output(), /Stopped\. No process left behind\./);
    assert.deepEqual(
      processesUsing(dataDir).filter((pid) => pid !== upPid),
      [],
    );
    for (let i = 0; i < 5; i++) assert.ok(await isFree(base + i), `port ${base + i} released`);
    assert.ok(await isFree(ui), 'UI port released');
  });
});

describe('skein up with a taken port', () => {
  it('names the port and its owner and starts nothing', async () => {
    const base = await freeRun(5);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(base + 2, '127.0.0.1', resolve));
    const dataDir = mkdtempSync(join(tmpdir(), 'skein-up-taken-'));
    try {
      const up = await runUp([
        '--base-port',
        String(base),
        '--ui-port',
        String(await freePort()),
        '--grpc-port',
        String(await freePort()),
        '--http-port',
        String(await freePort()),
        '--data-dir',
        dataDir,
        '--no-traffic',
      ]);
      const code = await up.exited;
      assert.equal(code, 1);
      assert.match(
        up.output(),
        new RegExp(`port ${base + 2} \\(inventory\\) already in use on 127\\.0\\.0\\.1`),
      );
      assert.deepEqual(processesUsing(dataDir), []);
    } finally {
      holder.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
