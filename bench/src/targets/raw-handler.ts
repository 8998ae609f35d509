// The raw node:http request handler for GET /users/:id: a hand-matched route, no framework.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadUser } from './user.js';

const prefix = '/users/';

export function serveUsers(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url.startsWith(prefix)) {
    const body = JSON.stringify(loadUser(url.slice(prefix.length)));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  res.writeHead(404).end();
}
