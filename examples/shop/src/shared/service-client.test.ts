import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type Server } from 'node:http';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ServiceClient } from './service-client.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function answering(body: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}` };
}

test('a finished call holds nothing of its async context until its timeout would have fired', async () => {
  // The soak found each call's timer keeping its context (and so its spans) alive for the whole timeout.
  const { server, url } = await answering('{"ok":true}');
  try {
    const client = new ServiceClient('peer', url, 60_000);
    // Open the keep-alive connection outside the context under test, and let it return to the pool: a socket
    // keeps the context it was opened in for as long as it lives.
    await client.get('/warm');
    await new Promise((resolve) => setImmediate(resolve));
    let connections = 0;
    server.on('connection', () => connections++);
    const storage = new AsyncLocalStorage<object>();
    const store = await (async () => {
      const value = { call: 'under test' };
      const answer = await storage.run(value, () => client.get<{ ok: boolean }>('/x'));
      assert.deepEqual(answer.body, { ok: true });
      return new WeakRef(value);
    })();
    storage.disable();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    assert.equal(connections, 0, 'the call under test opened a connection of its own');
    assert.equal(store.deref(), undefined, 'the context of a finished call is still reachable');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
