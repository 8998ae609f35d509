// An OTLP receiver over TLS for tests, serving all three protocols on one port: OTLP/HTTP (protobuf and JSON,
// HTTP/1.1) and OTLP/gRPC (HTTP/2), as a Collector behind a private CA does. It records, per request, how the
// body arrived on the wire (gzip or not, the gRPC compressed flag), the client certificate presented, and the
// service names inside, decoded with the official .proto files (vendored in packages/backend/proto).
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import type { TestCertificates } from './tls-certificates.js';

const PROTO_DIR = fileURLToPath(new URL('../../backend/proto/', import.meta.url));

export type ReceivedProtocol = 'http/protobuf' | 'http/json' | 'grpc';

export interface TlsReceivedRequest {
  signal: 'traces' | 'metrics' | 'logs';
  protocol: ReceivedProtocol;
  /** Content-Encoding: gzip (HTTP), or grpc-encoding: gzip with the message's compressed flag set (gRPC). */
  gzip: boolean;
  /** The common name of the client certificate, when one was presented and verified. */
  clientName: string | undefined;
  /** service.name of every resource in the request. */
  services: string[];
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The decoded request (protobuf: enums and 64-bit integers as numbers and strings). */
  payload: Record<string, unknown>;
}

export interface OtlpTlsReceiver {
  /** `https://127.0.0.1:<port>`, for OTEL_EXPORTER_OTLP_ENDPOINT with any protocol. */
  endpoint: string;
  requests: TlsReceivedRequest[];
  close(): Promise<void>;
}

const SIGNALS = {
  traces: { grpc: 'TraceService', type: 'trace', resources: 'resourceSpans' },
  metrics: { grpc: 'MetricsService', type: 'metrics', resources: 'resourceMetrics' },
  logs: { grpc: 'LogsService', type: 'logs', resources: 'resourceLogs' },
} as const;
type SignalName = keyof typeof SIGNALS;

const requestTypes = new Map<SignalName, protobuf.Type>();

function requestType(signal: SignalName): protobuf.Type {
  let type = requestTypes.get(signal);
  if (type === undefined) {
    const { type: name } = SIGNALS[signal];
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => PROTO_DIR + target;
    root.loadSync(`opentelemetry/proto/collector/${name}/v1/${name}_service.proto`);
    const message = { trace: 'Trace', metrics: 'Metrics', logs: 'Logs' }[name];
    type = root.lookupType(`opentelemetry.proto.collector.${name}.v1.Export${message}ServiceRequest`);
    requestTypes.set(signal, type);
  }
  return type;
}

interface DecodedResource {
  resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
}

function serviceNames(signal: SignalName, payload: Record<string, unknown>): string[] {
  const resources = (payload[SIGNALS[signal].resources] ?? []) as DecodedResource[];
  return resources.map(
    (r) => r.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '',
  );
}

function decodeProtobuf(signal: SignalName, body: Buffer): Record<string, unknown> {
  const type = requestType(signal);
  return type.toObject(type.decode(body), { longs: String }) as Record<string, unknown>;
}

/** The signal of an HTTP path: its last segment, as in `/v1/traces` or a per-signal endpoint `/any/traces`. */
function signalOfPath(path: string): SignalName | undefined {
  const last = path.split('/').at(-1);
  return (Object.keys(SIGNALS) as SignalName[]).find((s) => s === last);
}

function clientName(req: Http2ServerRequest): string | undefined {
  const socket = req.socket as unknown as TLSSocket;
  if (!socket.authorized) return undefined;
  const subject = socket.getPeerCertificate().subject as { CN?: string } | undefined;
  return subject?.CN;
}

/** Starts the receiver; with `requireClientCertificate` it refuses connections without a certificate of the CA. */
export async function startOtlpTlsReceiver(
  certs: TestCertificates,
  requireClientCertificate: boolean,
): Promise<OtlpTlsReceiver> {
  const requests: TlsReceivedRequest[] = [];
  const server: Http2SecureServer = createSecureServer(
    {
      allowHTTP1: true,
      key: certs.read(certs.serverKeyFile),
      cert: certs.read(certs.serverCertFile),
      ca: certs.read(certs.caFile),
      requestCert: requireClientCertificate,
      rejectUnauthorized: requireClientCertificate,
    },
    (req: Http2ServerRequest, res: Http2ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        try {
          requests.push(record(req, body));
        } catch (error) {
          res.writeHead(400).end(String(error));
          return;
        }
        // A request carrying `x-delay-ms` (set through OTEL_EXPORTER_OTLP_HEADERS) is answered that much later.
        setTimeout(() => answer(req, res), Number(req.headers['x-delay-ms'] ?? 0));
      });
    },
  );

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sessions = new Set<{ destroy(): void }>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  const sockets = new Set<{ destroy(): void }>();
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    endpoint: `https://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const s of [...sessions, ...sockets]) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function answer(req: Http2ServerRequest, res: Http2ServerResponse): void {
  if (res.closed || res.destroyed) return;
  if (String(req.headers['content-type']).startsWith('application/grpc')) {
    // An empty Export*ServiceResponse: uncompressed flag, zero length; then status OK in the trailers.
    res.writeHead(200, { 'content-type': 'application/grpc' });
    res.addTrailers({ 'grpc-status': '0' });
    res.end(Buffer.alloc(5));
  } else {
    res.writeHead(200, { 'content-type': String(req.headers['content-type']) });
    res.end(String(req.headers['content-type']).includes('json') ? '{}' : '');
  }
}

function record(req: Http2ServerRequest, body: Buffer): TlsReceivedRequest {
  const contentType = String(req.headers['content-type']);
  if (contentType.startsWith('application/grpc')) {
    const signal = (Object.keys(SIGNALS) as SignalName[]).find((s) =>
      req.url.includes(`.${SIGNALS[s].grpc}/Export`),
    );
    if (signal === undefined) throw new Error(`unknown gRPC method ${req.url}`);
    const compressed = body.readUInt8(0) === 1;
    const message = body.subarray(5, 5 + body.readUInt32BE(1));
    const gzip = compressed && req.headers['grpc-encoding'] === 'gzip';
    const payload = decodeProtobuf(signal, compressed ? gunzipSync(message) : message);
    return {
      signal,
      protocol: 'grpc',
      gzip,
      clientName: clientName(req),
      services: serviceNames(signal, payload),
      path: req.url,
      headers: req.headers,
      payload,
    };
  }
  const signal = signalOfPath(req.url);
  if (signal === undefined) throw new Error(`unknown path ${req.url}`);
  const gzip = req.headers['content-encoding'] === 'gzip';
  const raw = gzip ? gunzipSync(body) : body;
  const json = contentType.includes('json');
  const payload = json
    ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>)
    : decodeProtobuf(signal, raw);
  return {
    signal,
    protocol: json ? 'http/json' : 'http/protobuf',
    gzip,
    clientName: clientName(req),
    services: serviceNames(signal, payload),
    path: req.url,
    headers: req.headers,
    payload,
  };
}
