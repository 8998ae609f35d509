// The query HTTP server on the UI port: /api/* routes to the Jaeger and native handlers, /mcp to the MCP
// hook; every other path goes to the UI hook (404 until the SPA is plugged in).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TokenCheck } from '../auth/token.js';
import { BackendError, toBackendError } from '../errors.js';

/** A route handler: receives the query string and the path's captured segments, returns a JSON body. */
export type RouteHandler = (
  params: URLSearchParams,
  segments: string[],
) => { status?: number; body: unknown };

export interface Route {
  pattern: RegExp;
  handler: RouteHandler;
}

/** How errors render, chosen by path: Jaeger's v1 envelope, Jaeger's api_v3 gateway error or problem+json. */
type ErrorStyle = 'jaeger' | 'v3' | 'problem';

function sendJson(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Renders an error once, in the style the route's API uses. */
function sendError(res: ServerResponse, style: ErrorStyle, error: BackendError): void {
  if (style === 'jaeger') {
    sendJson(res, error.status, {
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: error.status, msg: error.message }],
    });
  } else if (style === 'v3') {
    sendJson(res, error.status, { error: { httpCode: error.status, message: error.message } });
  } else {
    sendJson(
      res,
      error.status,
      {
        type: `urn:skein:error:${error.code}`,
        title: error.code,
        status: error.status,
        detail: error.message,
      },
      'application/problem+json',
    );
  }
}

export function createQueryServer(
  routes: Route[],
  authorized: TokenCheck,
  ui: ((req: IncomingMessage, res: ServerResponse) => boolean | void) | undefined,
  mcp?: (req: IncomingMessage, res: ServerResponse) => void,
): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (mcp && path === '/mcp') {
      if (authorized(req.headers.authorization)) mcp(req, res);
      else
        sendError(
          res,
          'problem',
          new BackendError('SKEIN_ERR_UNAUTHORIZED', 'missing or wrong bearer token'),
        );
      return;
    }
    if (path !== '/api' && !path.startsWith('/api/')) {
      if (!ui || ui(req, res) === false)
        sendError(res, 'problem', new BackendError('SKEIN_ERR_NOT_FOUND', `no page at ${path}`));
      return;
    }
    const style: ErrorStyle = path.startsWith('/api/skein/')
      ? 'problem'
      : path.startsWith('/api/v3/')
        ? 'v3'
        : 'jaeger';
    try {
      if (!authorized(req.headers.authorization)) {
        throw new BackendError('SKEIN_ERR_UNAUTHORIZED', 'missing or wrong bearer token');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new BackendError('SKEIN_ERR_METHOD_NOT_ALLOWED', 'the query API accepts GET only');
      }
      for (const route of routes) {
        const match = route.pattern.exec(path);
        if (!match) continue;
        const segments = match.slice(1).map((s) => decodeURIComponent(s));
        const { status = 200, body } = route.handler(url.searchParams, segments);
        sendJson(res, status, body);
        return;
      }
      throw new BackendError('SKEIN_ERR_NOT_FOUND', `no API endpoint at ${path}`);
    } catch (err) {
      sendError(res, style, toBackendError(err));
    }
  });
}
