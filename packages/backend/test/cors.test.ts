// The query API grants no cross-origin access: a page on another origin can neither read its answers nor pass
// a preflight, so stored telemetry cannot be read from a visitor's browser (there is no `*`, nor any origin).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startBackend, type RunningBackend } from '../src/index.js';

describe('CORS on the query API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skein-cors-'));
  let backend: RunningBackend;
  before(async () => {
    backend = await startBackend({ dataDir, grpcPort: 0, httpPort: 0, uiPort: 0, log: () => undefined });
  });
  after(async () => {
    await backend.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ORIGIN = 'https://elsewhere.example';
  const paths = ['/api/services', '/api/traces?service=x', '/api/skein/logs'];

  it('answers a cross-origin GET without any Access-Control-Allow-* header', async () => {
    for (const path of paths) {
      const res = await fetch(`http://127.0.0.1:${backend.uiPort}${path}`, { headers: { origin: ORIGIN } });
      await res.arrayBuffer();
      const granted = [...res.headers.keys()].filter((name) => name.startsWith('access-control-'));
      assert.deepEqual(granted, [], `${path} granted ${granted.join(', ')}`);
    }
  });

  it('does not pass a preflight', async () => {
    for (const path of paths) {
      const res = await fetch(`http://127.0.0.1:${backend.uiPort}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      await res.arrayBuffer();
      assert.equal(res.headers.get('access-control-allow-origin'), null, path);
      assert.equal(res.headers.get('access-control-allow-headers'), null, path);
    }
  });

  it('grants nothing on the OTLP/HTTP receiver either', async () => {
    const res = await fetch(`http://127.0.0.1:${backend.httpPort}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    await res.arrayBuffer();
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });
});
