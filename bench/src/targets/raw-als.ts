// The context floor: the raw handler run inside AsyncLocalStorage.run(), nothing else. On Node 20 every async
// resource a request creates (nextTick objects, timers, promises) then passes through async_hooks to carry the
// store; this is what any tracing pays that keeps the OpenTelemetry context across `await`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveUsers } from './raw-handler.js';
import { announce, port } from './listening.js';

const storage = new AsyncLocalStorage<{ request: IncomingMessage }>();

const server = createServer((req: IncomingMessage, res: ServerResponse) =>
  storage.run({ request: req }, serveUsers, req, res),
);
server.listen(port, '127.0.0.1', () => announce(server));
