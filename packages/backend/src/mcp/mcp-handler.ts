// Serves MCP's Streamable HTTP transport at /mcp on the query port, stateless: each POST gets a fresh server
// and transport, so there is no session to keep, expire or lose on restart.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isLoopback } from '../config.js';
import type { TelemetryStore } from '../storage/store.js';
import { createSkeinMcpServer } from './mcp-server.js';

export type McpHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Tool calls carry small JSON arguments; anything larger is refused before it is parsed. */
const MAX_REQUEST_BYTES = 1024 * 1024;

function sendRpcError(res: ServerResponse, status: number, message: string, headers = {}): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
}

/**
 * A browser page on another site must not reach a backend on loopback through DNS rebinding: requests that
 * carry an Origin (only browsers send one) are accepted from loopback origins only.
 */
function originAllowed(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return isLoopback(new URL(origin).hostname.replace(/^\[(.*)\]$/, '$1'));
  } catch {
    return false;
  }
}

async function handle(store: TelemetryStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!originAllowed(req.headers.origin)) {
    sendRpcError(res, 403, 'MCP requests from a browser are accepted from loopback origins only');
    return;
  }
  // Stateless: no session, so no server-initiated stream to open with GET (the spec's answer is 405).
  if (req.method !== 'POST') {
    sendRpcError(res, 405, 'this MCP endpoint is stateless: POST JSON-RPC messages', { allow: 'POST' });
    return;
  }
  const server = createSkeinMcpServer(store);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize: MAX_REQUEST_BYTES,
  });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

/** The /mcp request handler over `store` (the caller has already checked the bearer token). */
export function createMcpHandler(store: TelemetryStore): McpHandler {
  return (req, res) => {
    handle(store, req, res).catch((err: unknown) => {
      if (res.headersSent) res.destroy();
      else sendRpcError(res, 500, err instanceof Error ? err.message : String(err));
    });
  };
}
