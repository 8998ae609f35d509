// A local OTLP/HTTP sink: accepts every export, counts it and discards it, so traced targets pay the full
// export cost (encoding, batching, network) without a backend skewing the figures.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Sink {
  url: string;
  requests: number;
  bytes: number;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const sink = { url: '', requests: 0, bytes: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      sink.bytes += chunk.length;
    });
    req.on('end', () => {
      sink.requests++;
      // An empty Export*ServiceResponse is zero bytes in protobuf and `{}` in JSON.
      const json = (req.headers['content-type'] ?? '').includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/** The OTEL_* variables that point a target's traces at the sink (100% sampled, no metrics or logs export). */
export function exportEnv(sink: Sink): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_SAMPLER: 'always_on',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  };
}
