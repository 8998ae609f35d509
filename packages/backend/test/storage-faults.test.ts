// Storage faults of a real `skein backend` process: a data directory it cannot write is a clear error at
// start; a full disk makes the receivers answer 503 + Retry-After (gRPC UNAVAILABLE) so SDKs retry, and
// leaves a store that opens intact with every acknowledged span.
//
// The full disk is real, without root: the backend runs under `ulimit -f` (RLIMIT_FSIZE), so the kernel
// refuses to grow the database files past the limit exactly as it does on a full file system.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { freePort, startBackendProcess, waitFor, type RunningProcess } from '@skein/testkit';
import { BackendError, startBackend } from '../src/index.js';
import { pb } from '../src/otlp/proto.js';
import { DATABASE_FILE, SqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { hexId, postJson, traceRequest } from './otlp-request.js';

const root = mkdtempSync(join(tmpdir(), 'skein-storage-faults-'));
const running: RunningProcess[] = [];
after(async () => {
  for (const proc of running) await proc.stop('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

async function ports(): Promise<{ http: number; ui: number; grpc: number }> {
  return { http: await freePort(), ui: await freePort(), grpc: await freePort() };
}

async function failedStart(dataDir: string): Promise<string> {
  try {
    const backend = await startBackend({
      dataDir,
      grpcPort: 0,
      httpPort: 0,
      uiPort: 0,
      log: () => undefined,
    });
    await backend.stop();
  } catch (err) {
    assert.ok(err instanceof BackendError, String(err));
    assert.equal(err.code, 'SKEIN_ERR_CONFIG');
    return err.message;
  }
  assert.fail('the backend started');
}

function grpcExport(port: number, body: Uint8Array): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (b: Uint8Array) => Buffer.from(b),
      (b: Buffer) => b,
      body,
      (err) => {
        client.close();
        resolve(err);
      },
    );
  });
}

describe('storage faults', () => {
  it('refuses to start with a clear error when the data directory cannot be created', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const dataDir = join(file, 'data');
    assert.equal(
      await failedStart(dataDir),
      `data directory ${dataDir} is not writable (ENOTDIR): pass another --data-dir or fix its permissions`,
    );
  });

  it(
    'refuses to start with a clear error when the data directory is read-only',
    { skip: process.getuid?.() === 0 ? 'runs as root, which writes through any permission' : false },
    async () => {
      const dataDir = join(root, 'read-only');
      mkdirSync(dataDir);
      chmodSync(dataDir, 0o500);
      assert.match(await failedStart(dataDir), /is not writable \(EACCES\)/);
    },
  );

  it('on a full disk answers 503 + Retry-After and UNAVAILABLE; the store stays intact', async () => {
    const dataDir = join(root, 'full');
    const p = await ports();
    // 8 MiB files at most (ulimit -f counts 1024-byte blocks in bash and dash alike): room for the empty
    // database's first 64 KiB pages and their WAL frames, so the backend starts and then fills the disk.
    const backend = await startBackendProcess(dataDir, p, {
      launcher: ['/bin/sh', '-c', 'ulimit -f 8192 && exec "$@"', 'sh'],
    });
    running.push(backend);

    const acknowledged: string[] = [];
    const padding = 'x'.repeat(2000);
    const refused = await waitFor(
      'a write refused for lack of space',
      async () => {
        const ids = Array.from({ length: 50 }, () => hexId(16));
        const spans = ids.map((traceId, i) => ({ traceId, attributes: { padding: `${padding}${i}` } }));
        const res = await postJson(p.http, 'traces', traceRequest({ full: spans }));
        if (res.status === 200) acknowledged.push(...ids);
        return res.status === 200 ? undefined : res;
      },
      { timeoutMs: 60_000, intervalMs: 0 },
    );
    assert.ok(acknowledged.length > 0, 'writes succeeded until the disk filled');
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    const status = (await refused.json()) as { code: number; message: string };
    assert.equal(status.code, grpc.status.UNAVAILABLE);
    assert.match(status.message, /SQLITE_/, 'the message names the storage error');

    // A checkpoint can hand WAL space back between two writes, so a write may still fit after a refusal:
    // send until gRPC refuses one too, keeping what it acknowledged.
    const grpcError = await waitFor(
      'a gRPC export refused for lack of space',
      async () => {
        const ids = Array.from({ length: 50 }, () => hexId(16));
        const spans = ids.map((traceId, i) => ({
          traceId: Buffer.from(traceId, 'hex'),
          spanId: Buffer.from(hexId(8), 'hex'),
          name: 'op',
          startTimeUnixNano: Date.now() * 1e6,
          endTimeUnixNano: Date.now() * 1e6,
          attributes: [{ key: 'padding', value: { stringValue: `${padding}${i}` } }],
        }));
        const request = pb.ExportTraceServiceRequest.encode(
          pb.ExportTraceServiceRequest.fromObject({ resourceSpans: [{ scopeSpans: [{ spans }] }] }),
        ).finish();
        const err = await grpcExport(p.grpc, request);
        if (!err) acknowledged.push(...ids);
        return err ?? undefined;
      },
      { timeoutMs: 60_000, intervalMs: 0 },
    );
    assert.equal(grpcError?.code, grpc.status.UNAVAILABLE);

    const services = await fetch(`http://127.0.0.1:${p.ui}/api/services`);
    assert.equal(services.status, 200, 'queries are still answered');
    await backend.stop('SIGKILL');

    // kill -9 left the database as the failed writes did: it must open and hold every acknowledged span.
    const store = new SqliteStore(dataDir);
    try {
      const lost = acknowledged.filter((id) => store.trace(Buffer.from(id, 'hex')).length === 0);
      assert.deepEqual(lost, [], 'every acknowledged trace is stored');
    } finally {
      store.close();
    }
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
  });
});
