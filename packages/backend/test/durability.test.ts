// Every acknowledged span and log survives `kill -9` of a real `skein backend` process and a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess, type RunningProcess } from '@skein/testkit';
import { hexId, postJson, traceRequest } from './otlp-request.js';

const CLI = fileURLToPath(new URL('../../cli/src/main.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'skein-durability-'));
const running: RunningProcess[] = [];

async function startBackendProcess(ports: {
  http: number;
  ui: number;
  grpc: number;
}): Promise<RunningProcess> {
  const proc = await startProcess(process.execPath, {
    args: [
      '--import',
      'tsx',
      '--conditions=@skein/source',
      CLI,
      'backend',
      '--data-dir',
      dataDir,
      '--http-port',
      String(ports.http),
      '--ui-port',
      String(ports.ui),
      '--grpc-port',
      String(ports.grpc),
    ],
    readyLine: /skein backend ready/,
  });
  running.push(proc);
  return proc;
}

after(async () => {
  for (const proc of running) await proc.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

test('acknowledged spans and logs are all there after kill -9 and restart', async () => {
  const ports = { http: await freePort(), ui: await freePort(), grpc: await freePort() };
  const first = await startBackendProcess(ports);
  const traceIds: string[] = [];
  let acknowledgedLogs = 0;
  let stop = false;
  // Keep writing while the process is killed: only what was acknowledged with 200 must survive.
  const writer = (async () => {
    for (let i = 0; !stop; i++) {
      const ids = Array.from({ length: 20 }, () => hexId(16));
      const logs = {
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'durable' } }] },
            scopeLogs: [
              {
                logRecords: ids.map((traceId) => ({
                  traceId,
                  timeUnixNano: `${Date.now()}000000`,
                  body: { stringValue: `log ${i}` },
                })),
              },
            ],
          },
        ],
      };
      try {
        const spans = await postJson(
          ports.http,
          'traces',
          traceRequest({ durable: ids.map((traceId) => ({ traceId })) }),
        );
        if (spans.status === 200) traceIds.push(...ids);
        const res = await postJson(ports.http, 'logs', logs);
        if (res.status === 200) acknowledgedLogs += ids.length;
      } catch {
        return;
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 1500));
  await first.stop('SIGKILL');
  stop = true;
  await writer;
  assert.ok(traceIds.length > 0, 'some spans were acknowledged before the kill');

  await startBackendProcess(ports);
  const api = async (path: string) =>
    (await fetch(`http://127.0.0.1:${ports.ui}${path}`)).json() as Promise<Record<string, unknown>>;
  const found = await api(`/api/traces?service=durable&limit=1000000&lookback=1h`);
  const stored = new Set((found.data as { traceID: string }[]).map((t) => t.traceID));
  const missing = traceIds.filter((id) => !stored.has(id));
  assert.deepEqual(missing, [], `${missing.length} of ${traceIds.length} acknowledged traces lost`);
  const logs = await api(`/api/skein/logs?service=durable&limit=10000&lookback=1h`);
  assert.ok(
    (logs.logs as unknown[]).length >= acknowledgedLogs,
    `${(logs.logs as unknown[]).length} < ${acknowledgedLogs} logs`,
  );
});
