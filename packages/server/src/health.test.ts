import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';

/** Sends one GET through `handler` on a throwaway loopback server. */
async function inject(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  path: string,
): Promise<{ status: number; body: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    return { status: res.status, body: await res.text() };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe('health probes', () => {
  const app = createApp({ name: 'test', telemetry: false, logger: pino({ level: 'silent' }) });
  let dbUp = true;
  app.readiness('db', async () => dbUp);
  app.readiness('cache', () => undefined);
  let base = '';
  before(async () => {
    base = (await app.listen({ host: '127.0.0.1', handleSignals: false })).url;
  });
  after(() => app.close());

  it('answers /healthz with 200', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('answers /readyz with 200 and each check when all pass', async () => {
    const res = await fetch(`${base}/readyz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ready', checks: { db: 'ok', cache: 'ok' } });
  });

  it('answers /readyz with 503 naming the failed check', async () => {
    dbUp = false;
    const res = await fetch(`${base}/readyz`);
    dbUp = true;
    assert.equal(res.status, 503);
    const problem = (await res.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'SKEIN_ERR_NOT_READY');
    assert.equal(problem.detail, 'Readiness checks failed: db.');
  });

  it('counts a check that does not answer within its timeout as failed', async () => {
    const hanging = createApp({ name: 'test', telemetry: false, logger: pino({ level: 'silent' }) });
    hanging.readiness('queue', () => new Promise<boolean>(() => {}), 100);
    const probe = await inject(hanging.handler, '/readyz');
    assert.equal(probe.status, 503);
    assert.match(probe.body, /Readiness checks failed: queue\./);
  });

  it('answers /readyz with 503 once shutdown began, and finishes in-flight requests', async () => {
    const other = createApp({ name: 'test', telemetry: false, logger: pino({ level: 'silent' }) });
    let release = (): void => {};
    let arrived = (): void => {};
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    other.get('/slow', () => {
      arrived();
      return new Promise<void>((resolve) => (release = resolve));
    });
    const { url } = await other.listen({ host: '127.0.0.1', handleSignals: false });
    const slow = fetch(`${url}/slow`);
    // Shutdown begins only once the request is in the handler: a fixed sleep raced the connect on a busy machine.
    await inFlight;
    const closing = other.close();
    // The listener is closed now; the app is still reachable through its request listener.
    const probe = await inject(other.handler, '/readyz');
    assert.equal(probe.status, 503);
    assert.match(probe.body, /shutting down/);
    release();
    assert.equal((await slow).status, 204);
    await closing;
  });
});
