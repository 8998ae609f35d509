// `npm run bench:export`: CPU time per exported span, the official OTLP/HTTP protobuf exporter against Skein's
// OtlpProtoSpanExporter. Both send the same batches of HTTP server spans (the attributes Skein sets) to a local
// sink in this process; CPU time (not wall time) keeps the figure steady on a busy machine. Rounds interleave.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { OtlpProtoSpanExporter } from '@skein/telemetry';
import { startSink } from './driver/sink.js';

const BATCH = 512;
const BATCHES_PER_ROUND = 40;
const ROUNDS = 5;

function serverSpans(count: number): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'bench-export',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '2.12.0',
      'process.pid': process.pid,
      'host.name': 'bench-host',
    }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('@skein/telemetry', '0.1.0');
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan('GET /users/:id', {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'url.path': `/users/${i}`,
        'url.scheme': 'http',
        'network.protocol.version': '1.1',
        'network.peer.address': '127.0.0.1',
        'network.peer.port': 40_000 + (i % 1000),
        'client.address': '127.0.0.1',
        'server.address': '127.0.0.1',
        'server.port': 8080,
        'http.route': '/users/:id',
        'http.response.status_code': 200,
      },
    });
    span.setStatus({ code: SpanStatusCode.UNSET });
    span.end();
  }
  return memory.getFinishedSpans();
}

function exportOnce(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

/** CPU microseconds per span for BATCHES_PER_ROUND exports of one batch. */
async function round(exporter: SpanExporter, spans: ReadableSpan[]): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < BATCHES_PER_ROUND; i++) {
    const result = await exportOnce(exporter, spans);
    if (result.code !== 0) throw result.error ?? new Error('export failed');
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / (BATCHES_PER_ROUND * spans.length);
}

async function main(): Promise<void> {
  const sink = await startSink();
  const url = `${sink.url}/v1/traces`;
  const exporters: [string, SpanExporter][] = [
    ['official OTLPTraceExporter (proto)', new OTLPTraceExporter({ url })],
    ['skein OtlpProtoSpanExporter', new OtlpProtoSpanExporter({ url, headers: {}, timeoutMillis: 10_000 })],
  ];
  const spans = serverSpans(BATCH);
  const figures = new Map<string, number[]>(exporters.map(([name]) => [name, []]));
  for (const [, exporter] of exporters) await round(exporter, spans); // warm-up
  for (let r = 1; r <= ROUNDS; r++) {
    for (const [name, exporter] of exporters) {
      const us = await round(exporter, spans);
      figures.get(name)!.push(us);
      console.log(`round ${r}/${ROUNDS}  ${name.padEnd(36)} ${us.toFixed(2)} µs CPU per span`);
    }
  }
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const [official, ours] = [...figures.values()].map(median);
  console.log(
    `\nmedian CPU per exported span (batches of ${BATCH}): official ${official!.toFixed(2)} µs, ` +
      `skein ${ours!.toFixed(2)} µs (${(official! / ours!).toFixed(1)}× less)`,
  );
  await Promise.all(exporters.map(([, e]) => e.shutdown()));
  await sink.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
