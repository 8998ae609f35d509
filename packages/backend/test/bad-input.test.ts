// Every class of bad OTLP input gets the specified answer, over HTTP and gRPC, and the process stays up.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { startBackend, type RunningBackend } from '../src/index.js';
import { hexId, postJson, traceRequest } from './otlp-request.js';

describe('bad OTLP input', () => {
  let backend: RunningBackend;
  let dataDir: string;
  const post = (path: string, body: Uint8Array | string, headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${backend.httpPort}${path}`, { method: 'POST', headers, body });

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'skein-bad-input-'));
    backend = await startBackend({
      grpcPort: 0,
      httpPort: 0,
      uiPort: 0,
      dataDir,
      maxBodyBytes: 64 * 1024,
      maxAttributeValueLength: 100,
      log: () => {},
    });
  });
  after(async () => {
    await backend.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('malformed protobuf is 400 with a google.rpc.Status message', async () => {
    const res = await post('/v1/traces', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), {
      'content-type': 'application/x-protobuf',
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-protobuf');
    assert.match(
      Buffer.from(await res.arrayBuffer()).toString('latin1'),
      /malformed protobuf traces request/,
    );
  });

  test('malformed JSON is 400 with a clear message', async () => {
    for (const body of [
      '{"resourceSpans": [',
      '[]',
      '{"resourceLogs": "nope"}',
      '{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"body": 5}]}]}]}',
    ]) {
      const res = await post('/v1/logs', body, { 'content-type': 'application/json' });
      assert.equal(res.status, 400, body);
      const status = (await res.json()) as { code: number; message: string };
      assert.equal(status.code, 3);
      assert.match(status.message, /malformed json logs request/);
    }
  });

  test('a wrong content type is 415', async () => {
    const res = await post('/v1/traces', 'hello', { 'content-type': 'text/plain' });
    assert.equal(res.status, 415);
  });

  test('a body over the limit is 413, also when only the inflated gzip is too large', async () => {
    const big = Buffer.alloc(100 * 1024, 0x20);
    assert.equal((await post('/v1/traces', big, { 'content-type': 'application/json' })).status, 413);
    const bomb = gzipSync(big);
    assert.ok(bomb.length < 64 * 1024);
    const res = await post('/v1/traces', bomb, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    assert.equal(res.status, 413);
  });

  test('gzip-compressed JSON is accepted', async () => {
    const body = gzipSync(JSON.stringify(traceRequest({ gz: [{}] })));
    const res = await post('/v1/traces', body, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    assert.equal(res.status, 200);
  });

  test('spans with invalid ids are rejected one by one and counted in partialSuccess', async () => {
    const good = { traceId: hexId(16), spanId: hexId(8) };
    const body = traceRequest({
      ids: [
        good,
        { traceId: '00'.repeat(16) },
        { spanId: 'abcd' },
        { traceId: 'zz'.repeat(16) },
        { parentSpanId: 'abc123' },
      ],
    });
    const res = await postJson(backend.httpPort, 'traces', body);
    assert.equal(res.status, 200);
    const answer = (await res.json()) as {
      partialSuccess: { rejectedSpans: string | number; errorMessage: string };
    };
    assert.equal(Number(answer.partialSuccess.rejectedSpans), 4);
    assert.match(answer.partialSuccess.errorMessage, /invalid trace or span id/);
    const stored = await fetch(`http://127.0.0.1:${backend.uiPort}/api/traces/${good.traceId}`);
    assert.equal(stored.status, 200);
  });

  test('over-long attribute values are truncated and the truncation recorded on the span', async () => {
    const traceId = hexId(16);
    const res = await postJson(
      backend.httpPort,
      'traces',
      traceRequest({ long: [{ traceId, attributes: { note: 'x'.repeat(500), short: 'ok' } }] }),
    );
    assert.equal(res.status, 200);
    const answer = (await res.json()) as { partialSuccess: { errorMessage: string } };
    assert.match(answer.partialSuccess.errorMessage, /1 attribute value\(s\) truncated/);
    const body = (await (
      await fetch(`http://127.0.0.1:${backend.uiPort}/api/skein/traces/${traceId}`)
    ).json()) as {
      spans: { span: { attributes: { key: string; value: Record<string, unknown> }[] } }[];
    };
    const attributes = body.spans[0]!.span.attributes;
    assert.equal((attributes.find((a) => a.key === 'note')!.value.stringValue as string).length, 100);
    assert.deepEqual(attributes.find((a) => a.key === 'skein.truncated_attributes')!.value, {
      arrayValue: { values: [{ stringValue: 'note' }] },
    });
  });

  test('gRPC: malformed protobuf is INVALID_ARGUMENT, and the server keeps serving', async () => {
    const client = new grpc.Client(`127.0.0.1:${backend.grpcPort}`, grpc.credentials.createInsecure());
    const call = (body: Buffer) =>
      new Promise<{ code: number }>((resolve) => {
        client.makeUnaryRequest(
          '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          (b: Buffer) => b,
          (b: Buffer) => b,
          body,
          (err) => resolve({ code: err ? err.code : 0 }),
        );
      });
    assert.equal((await call(Buffer.from([0x0a, 0x05, 0x01]))).code, grpc.status.INVALID_ARGUMENT);
    assert.equal((await call(Buffer.alloc(0))).code, grpc.status.OK);
    client.close();
  });
});
