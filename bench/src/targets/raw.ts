// Baseline: plain node:http, a hand-matched route, no framework, no telemetry.
import { createServer } from 'node:http';
import { loadUser } from './user.js';
import { announce, port } from './listening.js';

const prefix = '/users/';
const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url.startsWith(prefix)) {
    const body = JSON.stringify(loadUser(url.slice(prefix.length)));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  res.writeHead(404).end();
});
server.listen(port, '127.0.0.1', () => announce(server));
