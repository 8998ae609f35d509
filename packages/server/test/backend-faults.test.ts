// A traced service facing a faulty backend (absent at start, killed with -9, holding its answers): it keeps
// answering as before, its span queue stays bounded with the drops counted on /metrics, it warns at a limited
// rate, and export resumes by itself once the backend is back.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  startBackendProcess,
  startProcess,
  waitFor,
  type BackendPorts,
  type RunningProcess,
} from '@skein/testkit';

const SERVICE = fileURLToPath(new URL('./fixtures/steady-service.ts', import.meta.url));
const TSX = ['--import', 'tsx', '--conditions=@skein/source'];

const started: RunningProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'skein-faults-'));
after(async () => {
  for (const proc of started) await proc.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startService(port: number, env: Record<string, string>): Promise<RunningProcess> {
  const service = await startProcess(process.execPath, {
    args: [...TSX, SERVICE],
    env: {
      ...process.env,
      PORT: String(port),
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      ...env,
    },
    readyLine: /listening on/,
  });
  started.push(service);
  return service;
}

async function startBackend(ports: BackendPorts): Promise<RunningProcess> {
  const backend = await startBackendProcess(dataDir, ports);
  started.push(backend);
  return backend;
}

/** Sends `count` requests, a few at a time, and returns their status codes. */
async function load(port: number, phase: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, async () => {
      const res = await fetch(`http://127.0.0.1:${port}/work/${phase}`);
      await res.arrayBuffer();
      return res.status;
    });
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

/** Sums the samples of a Prometheus metric whose labels include every `label="value"` given. */
async function metric(port: number, name: string, ...labels: string[]): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels.every((label) => line.includes(label))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

async function storedSpans(uiPort: number, phase: string): Promise<number> {
  const tags = encodeURIComponent(JSON.stringify({ 'url.path': `/work/${phase}` }));
  const res = await fetch(
    `http://127.0.0.1:${uiPort}/api/traces?service=steady-service&tags=${tags}&lookback=1h&limit=1000`,
  );
  const body = (await res.json()) as { data: { spans: unknown[] }[] };
  return body.data.reduce((n, trace) => n + trace.spans.length, 0);
}

const allOk = (statuses: number[]): boolean => statuses.every((status) => status === 200);

describe('a traced service with a faulty backend', () => {
  it('keeps answering while the backend is absent, killed and back; export resumes by itself', async () => {
    const ports = { http: await freePort(), ui: await freePort(), grpc: await freePort() };
    const port = await freePort();
    const service = await startService(port, {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.http}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2000',
    });

    assert.ok(allOk(await load(port, 'absent', 50)), 'every request answered 200 with no backend');

    let backend = await startBackend(ports);
    await load(port, 'first-up', 5);
    await waitFor(
      'spans made once the backend is up',
      async () => (await storedSpans(ports.ui, 'first-up')) >= 5,
      {
        timeoutMs: 20_000,
        intervalMs: 250,
      },
    );

    await backend.stop('SIGKILL');
    assert.ok(
      allOk(await load(port, 'killed', 50)),
      'every request answered 200 after kill -9 of the backend',
    );

    backend = await startBackend(ports);
    await load(port, 'restarted', 5);
    await waitFor(
      'spans made after the restart',
      async () => (await storedSpans(ports.ui, 'restarted')) >= 5,
      { timeoutMs: 20_000, intervalMs: 250 },
    );

    const failed = await metric(port, 'otel_sdk_processor_span_processed_total', 'error_type=');
    assert.ok(failed > 0, 'spans lost to failed exports are counted with an error.type');
    const warnings = service
      .output()
      .split('\n')
      .filter((line) => line.startsWith('[skein/telemetry]'));
    assert.ok(warnings.length > 0, 'the failed exports were reported');
    assert.equal(new Set(warnings).size, warnings.length, `a warning repeated:\n${warnings.join('\n')}`);
    await backend.stop('SIGKILL');
  });

  // http/protobuf runs Skein's encoding batch processor, http/json the SDK's BatchSpanProcessor: both must bound
  // their queue and count the drops alike.
  for (const protocol of ['http/protobuf', 'http/json']) {
    it(`with a backend holding its answers (${protocol}): keeps answering, bounds the queue and counts the drops`, async () => {
      const held: ServerResponse[] = [];
      let holding = true;
      let received = 0;
      const slow = createServer((req: IncomingMessage, res: ServerResponse) => {
        req.resume();
        req.on('end', () => {
          received++;
          if (holding) held.push(res);
          else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
      });
      await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
      try {
        const port = await freePort();
        const service = await startService(port, {
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
          OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
          OTEL_EXPORTER_OTLP_TIMEOUT: '60000',
          OTEL_BSP_EXPORT_TIMEOUT: '60000',
          OTEL_BSP_MAX_QUEUE_SIZE: '20',
          OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10',
        });

        const statuses = await load(port, 'held', 200);
        assert.ok(allOk(statuses), 'every request answered 200 while the export hangs');
        assert.equal(held.length, received, 'no export was answered while the requests were served');

        const queued = await metric(port, 'otel_sdk_processor_span_queue_size');
        assert.ok(queued <= 20, `queue holds ${queued} spans, capacity 20`);
        assert.equal(await metric(port, 'otel_sdk_processor_span_queue_capacity'), 20);
        const dropped = await metric(
          port,
          'otel_sdk_processor_span_processed_total',
          'error_type="queue_full"',
        );
        // At most one batch is being exported and one queue is full: everything else was dropped and counted.
        assert.ok(dropped >= 200 - 20 - 10, `${dropped} spans counted as dropped`);

        // Spans exported successfully: processed minus dropped. (The queue is never empty for long: every request,
        // /metrics included, adds a span.)
        const exported = async (): Promise<number> =>
          (await metric(port, 'otel_sdk_processor_span_processed_total')) -
          (await metric(port, 'otel_sdk_processor_span_processed_total', 'error_type='));
        const exportedAtRelease = await exported();
        const receivedAtRelease = received;
        holding = false;
        for (const res of held.splice(0))
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        await waitFor('the queued spans and new ones to be exported', async () => {
          await load(port, 'after', 1);
          return received > receivedAtRelease + 1 && (await exported()) >= exportedAtRelease + queued;
        });
        await waitFor('a warning with the drop count', () =>
          /\[skein\/telemetry\] Dropped \d+ spans because maxQueueSize reached/.test(service.output()),
        );
      } finally {
        slow.closeAllConnections();
        slow.close();
      }
    });
  }
});
