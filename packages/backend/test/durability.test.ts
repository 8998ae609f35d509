// Every acknowledged span and log survives `kill -9` of a real `skein backend` process and a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import {
  freePort,
  startBackendProcess,
  waitFor,
  type BackendPorts,
  type RunningProcess,
} from '@skein/testkit';
import { hexId, postJson, traceRequest } from './otlp-request.js';

const dataDir = mkdtempSync(join(tmpdir(), 'skein-durability-'));
const running: RunningProcess[] = [];

async function startBackend(ports: BackendPorts): Promise<RunningProcess> {
  const proc = await startBackendProcess(dataDir, ports);
  running.push(proc);
  return proc;
}

after(async () => {
  for (const proc of running) await proc.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

// Heavy ingest: several clients post concurrently, so the kill lands in the middle of commits.
const WRITERS = 4;

test('acknowledged spans and logs are all there after kill -9 during heavy ingest and restart', async () => {
  const ports = { http: await freePort(), ui: await freePort(), grpc: await freePort() };
  const first = await startBackend(ports);
  const traceIds: string[] = [];
  let acknowledgedLogs = 0;
  let stop = false;
  // Keep writing while the process is killed: only what was acknowledged with 200 must survive.
  const write = async (): Promise<void> => {
    for (let i = 0; !stop; i++) {
      const ids = Array.from({ length: 100 }, () => hexId(16));
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
  };
  const writers = Promise.all(Array.from({ length: WRITERS }, write));
  // Kill once ingest is in full swing: every writer has had several batches acknowledged.
  await waitFor('ingest in full swing', () => traceIds.length >= WRITERS * 100 * 2, { timeoutMs: 20_000 });
  await first.stop('SIGKILL');
  stop = true;
  await writers;

  const second = await startBackend(ports);
  const api = async (path: string) =>
    (await fetch(`http://127.0.0.1:${ports.ui}${path}`)).json() as Promise<Record<string, unknown>>;
  const found = await api(`/api/traces?service=durable&limit=1000000&lookback=1h`);
  const stored = new Set((found.data as { traceID: string }[]).map((t) => t.traceID));
  const missing = traceIds.filter((id) => !stored.has(id));
  assert.deepEqual(missing, [], `${missing.length} of ${traceIds.length} acknowledged traces lost`);
  const logs = await api(`/api/skein/logs?service=durable&limit=1000000&lookback=1h`);
  assert.ok(
    (logs.logs as unknown[]).length >= acknowledgedLogs,
    `${(logs.logs as unknown[]).length} < ${acknowledgedLogs} logs`,
  );
  await second.stop('SIGTERM');
  const db = new Database(join(dataDir, 'skein.db'), { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    db.close();
  }
});
