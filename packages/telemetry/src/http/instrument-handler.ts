// Wraps a plain node:http request listener so every request runs inside a SERVER span.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Telemetry } from '../telemetry.js';
import type { RequestScope } from './server-contract.js';

/**
 * @example
 * http.createServer(instrumentHandler(telemetry, (req, res) => res.end('ok'))).listen(8080);
 */
export function instrumentHandler(
  telemetry: Telemetry,
  listener: (req: IncomingMessage, res: ServerResponse, scope: RequestScope) => unknown,
): (req: IncomingMessage, res: ServerResponse) => void {
  const httpServer = telemetry.httpServer;
  return (req, res) => httpServer.handle(req, res, listener);
}
