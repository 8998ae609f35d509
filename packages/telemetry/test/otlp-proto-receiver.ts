// An OTLP/HTTP protobuf trace receiver for tests: records each request body, answers with scripted statuses or
// holds its answers, and decodes bodies with the official .proto files (vendored in packages/backend/proto).
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const PROTO_DIR = fileURLToPath(new URL('../../backend/proto/', import.meta.url));

export interface ProtoReceiver {
  /** The full traces URL (…/v1/traces). */
  url: string;
  bodies: Buffer[];
  server: Server;
  /** While true, requests are recorded but not answered; release() answers them. */
  holding: boolean;
  release(): void;
  close(): Promise<void>;
}

/** Starts a receiver on loopback that answers with `statuses` in turn, then 200. */
export async function startProtoReceiver(statuses: number[] = []): Promise<ProtoReceiver> {
  const held: ServerResponse[] = [];
  const answer = (res: ServerResponse): void => {
    const status = statuses.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'application/x-protobuf', 'retry-after': '0' }).end();
  };
  const receiver: ProtoReceiver = {
    url: '',
    bodies: [],
    holding: false,
    server: createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        receiver.bodies.push(Buffer.concat(chunks));
        if (receiver.holding) held.push(res);
        else answer(res);
      });
    }),
    release() {
      receiver.holding = false;
      for (const res of held.splice(0)) answer(res);
    },
    close() {
      receiver.server.closeAllConnections();
      return new Promise<void>((resolve) => receiver.server.close(() => resolve()));
    },
  };
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/v1/traces`;
  return receiver;
}

let requestType: protobuf.Type | undefined;

/** An ExportTraceServiceRequest body as a plain object: ids as base64, 64-bit numbers as strings. */
export function decodeTraceRequest(body: Uint8Array): DecodedRequest {
  if (requestType === undefined) {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => PROTO_DIR + target;
    root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
    requestType = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  }
  return requestType.toObject(requestType.decode(body), {
    longs: String,
    bytes: String,
    defaults: true,
    enums: Number,
  }) as DecodedRequest;
}

export interface DecodedSpan {
  spanId: string;
  name: string;
  [field: string]: unknown;
}

export interface DecodedRequest {
  resourceSpans: {
    resource: unknown;
    scopeSpans: { scope: { name: string }; spans: DecodedSpan[] }[];
  }[];
}

/** Every span of the decoded bodies. */
export function spansOf(bodies: Uint8Array[]): DecodedSpan[] {
  return bodies.flatMap((body) =>
    decodeTraceRequest(body).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
  );
}
