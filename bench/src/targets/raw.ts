// Baseline: plain node:http, a hand-matched route, no framework, no telemetry.
import { createServer } from 'node:http';
import { serveUsers } from './raw-handler.js';
import { announce, port } from './listening.js';

const server = createServer(serveUsers);
server.listen(port, '127.0.0.1', () => announce(server));
