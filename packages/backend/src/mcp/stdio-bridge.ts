// MCP over stdio, forwarded to a running backend's /mcp: for clients that only launch local commands
// (Claude Desktop's config file, many editors). The backend answers; this process only relays messages.
import type { Readable, Writable } from 'node:stream';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { isJSONRPCRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export interface McpStdioBridgeOptions {
  /** The backend's MCP endpoint, e.g. `http://127.0.0.1:16686/mcp`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  stdin?: Readable;
  stdout?: Writable;
  /** Where transport errors are reported; default stderr (stdout carries the protocol). */
  onError?: (err: Error) => void;
}

/**
 * Relays MCP messages between stdin/stdout and the backend until stdin ends. A request the backend cannot
 * be reached for is answered with a JSON-RPC error naming the URL, so the client never waits forever.
 *
 * @example
 * await bridgeMcpStdio({ url: 'http://127.0.0.1:16686/mcp', token: process.env.SKEIN_TOKEN });
 */
export async function bridgeMcpStdio(options: McpStdioBridgeOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const local = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
  const remote = new StreamableHTTPClientTransport(new URL(options.url), {
    requestInit: { headers: options.token ? { authorization: `Bearer ${options.token}` } : {} },
  });
  const unreachable = (message: JSONRPCMessage, err: unknown): void => {
    if (!isJSONRPCRequest(message)) return;
    const reason = err instanceof Error ? err.message : String(err);
    void local.send({
      jsonrpc: '2.0',
      id: message.id,
      error: { code: -32000, message: `Skein backend at ${options.url}: ${reason}` },
    });
  };
  local.onmessage = (message) => remote.send(message).catch((err: unknown) => unreachable(message, err));
  remote.onmessage = (message) => void local.send(message);
  // MCP clients show a server's stderr in their logs.
  remote.onerror = options.onError ?? ((err) => process.stderr.write(`skein mcp: ${err.message}\n`));
  const ended = new Promise<void>((resolve) => {
    stdin.once('end', resolve);
    stdin.once('close', resolve);
  });
  await remote.start();
  await local.start();
  await ended;
  await Promise.all([local.close(), remote.close()]);
}
