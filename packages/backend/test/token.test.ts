// Bound beyond loopback, the backend requires a bearer token on OTLP/HTTP, OTLP/gRPC and the query API.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { startBackend, type RunningBackend } from '../src/index.js';
import { postJson, traceRequest } from './otlp-request.js';

const TOKEN = 's3cret-token';

describe('token', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'skein-token-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('refuses to listen on a non-loopback address without a token', async () => {
    await assert.rejects(
      startBackend({ host: '0.0.0.0', grpcPort: 0, httpPort: 0, uiPort: 0, dataDir }),
      /without a token/,
    );
  });

  test('--insecure-no-token opts out, loudly', async () => {
    const lines: string[] = [];
    const backend = await startBackend({
      host: '0.0.0.0',
      insecureNoToken: true,
      grpcPort: 0,
      httpPort: 0,
      uiPort: 0,
      dataDir,
      log: (l) => lines.push(l),
    });
    await backend.stop();
    assert.match(lines.join('\n'), /WARNING: --insecure-no-token/);
  });

  describe('with a token on 0.0.0.0', () => {
    let backend: RunningBackend;
    before(async () => {
      backend = await startBackend({
        host: '0.0.0.0',
        token: TOKEN,
        grpcPort: 0,
        httpPort: 0,
        uiPort: 0,
        dataDir,
        log: () => {},
      });
    });
    after(() => backend.stop());

    test('OTLP/HTTP answers 401 without or with a wrong token, 200 with it', async () => {
      const body = traceRequest({ svc: [{}] });
      assert.equal((await postJson(backend.httpPort, 'traces', body)).status, 401);
      assert.equal(
        (await postJson(backend.httpPort, 'traces', body, { authorization: 'Bearer nope' })).status,
        401,
      );
      assert.equal(
        (await postJson(backend.httpPort, 'traces', body, { authorization: `Bearer ${TOKEN}` })).status,
        200,
      );
    });

    test('the query API answers 401 without the token', async () => {
      const url = `http://127.0.0.1:${backend.uiPort}/api/services`;
      assert.equal((await fetch(url)).status, 401);
      assert.equal((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
    });

    test('gRPC answers UNAUTHENTICATED without the authorization metadata', async () => {
      const client = new grpc.Client(`127.0.0.1:${backend.grpcPort}`, grpc.credentials.createInsecure());
      const call = (metadata: grpc.Metadata) =>
        new Promise<number>((resolve) => {
          client.makeUnaryRequest(
            '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
            (b: Buffer) => b,
            (b: Buffer) => b,
            Buffer.alloc(0),
            metadata,
            (err) => resolve(err ? err.code : 0),
          );
        });
      assert.equal(await call(new grpc.Metadata()), grpc.status.UNAUTHENTICATED);
      const ok = new grpc.Metadata();
      ok.set('authorization', `Bearer ${TOKEN}`);
      assert.equal(await call(ok), grpc.status.OK);
      client.close();
    });
  });
});
