// OTLP/HTTP receiver: POST /v1/traces, /v1/logs, /v1/metrics with protobuf or JSON bodies. Answers are
// sent only after the store committed; errors are google.rpc.Status bodies in the request's encoding.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TokenCheck } from '../../auth/token.js';
import { BackendError, toBackendError } from '../../errors.js';
import type { Encoding, Signal } from '../../otlp/decode.js';
import { SIGNALS } from '../../otlp/decode.js';
import { pb } from '../../otlp/proto.js';
import type { AsyncExportHandler, ExportResult } from '../export-handler.js';
import { grpcStatusOf } from '../grpc-status.js';
import { readBody } from './body.js';

const PATHS: Record<string, Signal> = {
  '/v1/traces': SIGNALS.traces,
  '/v1/logs': SIGNALS.logs,
  '/v1/metrics': SIGNALS.metrics,
};

const CONTENT_TYPES: Record<Encoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

function encodingOf(contentType: string | undefined): Encoding | undefined {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  return undefined;
}

function send(res: ServerResponse, status: number, encoding: Encoding, body: Uint8Array | string): void {
  res.writeHead(status, {
    'content-type': CONTENT_TYPES[encoding],
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function sendResult(res: ServerResponse, signal: Signal, encoding: Encoding, result: ExportResult): void {
  const partial =
    result.rejected > 0 || result.message
      ? { partialSuccess: { [signal.rejectedField]: result.rejected, errorMessage: result.message } }
      : {};
  if (encoding === 'json') send(res, 200, encoding, JSON.stringify(partial));
  else send(res, 200, encoding, signal.response.encode(signal.response.fromObject(partial)).finish());
}

function sendError(res: ServerResponse, encoding: Encoding, error: BackendError): void {
  const status = { code: grpcStatusOf(error), message: error.message };
  if (error.status === 503) res.setHeader('retry-after', '1');
  if (encoding === 'json') send(res, error.status, encoding, JSON.stringify(status));
  else send(res, error.status, encoding, pb.Status.encode(status).finish());
}

/** Creates (not yet listening) the OTLP/HTTP server. */
export function createOtlpHttpServer(
  handle: AsyncExportHandler,
  authorized: TokenCheck,
  maxBodyBytes: number,
): Server {
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const encoding = encodingOf(req.headers['content-type']);
    try {
      const signal = PATHS[(req.url ?? '').split('?')[0]!];
      if (!signal) throw new BackendError('SKEIN_ERR_NOT_FOUND', `no OTLP endpoint at ${req.url}`);
      if (req.method !== 'POST')
        throw new BackendError('SKEIN_ERR_METHOD_NOT_ALLOWED', 'OTLP endpoints accept POST only');
      if (!authorized(req.headers.authorization)) {
        throw new BackendError('SKEIN_ERR_UNAUTHORIZED', 'missing or wrong bearer token');
      }
      if (!encoding) {
        throw new BackendError(
          'SKEIN_ERR_UNSUPPORTED_MEDIA_TYPE',
          `unsupported Content-Type ${req.headers['content-type'] ?? '(none)'}: use application/x-protobuf or application/json`,
        );
      }
      const body = await readBody(req, maxBodyBytes);
      sendResult(res, signal, encoding, await handle(signal, body, encoding));
    } catch (err) {
      req.resume();
      sendError(res, encoding ?? 'json', toBackendError(err));
    }
  }
  return createServer((req, res) => void serve(req, res));
}
