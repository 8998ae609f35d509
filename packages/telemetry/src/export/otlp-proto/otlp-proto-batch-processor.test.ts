import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { diag, DiagLogLevel, TraceFlags, type DiagLogger } from '@opentelemetry/api';
import { ExportResultCode, loggingErrorHandler, setGlobalErrorHandler } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { MeterProvider, type MetricData } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { waitFor } from '@skein/testkit';
import {
  decodeTraceRequest,
  spansOf,
  startProtoReceiver,
  type ProtoReceiver,
} from '../../../test/otlp-proto-receiver.js';
import { sampleSpans } from '../../../test/sample-spans.js';
import { OtlpProtoBatchProcessor, type OtlpProtoBatchOptions } from './otlp-proto-batch-processor.js';
import { ManualMetricReader } from '../../../test/manual-metric-reader.js';

/** The sum of `name`'s data points whose attributes include `attributes`. */
async function metricValue(
  reader: ManualMetricReader,
  name: string,
  attributes: Record<string, string> = {},
): Promise<number> {
  const { resourceMetrics } = await reader.collect();
  const metrics: MetricData[] = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  let sum = 0;
  for (const point of metrics.find((m) => m.descriptor.name === name)?.dataPoints ?? []) {
    if (Object.entries(attributes).every(([k, v]) => point.attributes[k] === v)) sum += point.value as number;
  }
  return sum;
}

const receivers: ProtoReceiver[] = [];
const processors: OtlpProtoBatchProcessor[] = [];
after(async () => {
  for (const processor of processors) await processor.shutdown().catch(() => undefined);
  for (const receiver of receivers) await receiver.close();
});
afterEach(() => {
  setGlobalErrorHandler(loggingErrorHandler());
  diag.disable();
});

async function setup(
  options: Partial<OtlpProtoBatchOptions> = {},
  statuses: number[] = [],
): Promise<{ receiver: ProtoReceiver; processor: OtlpProtoBatchProcessor; reader: ManualMetricReader }> {
  const receiver = await startProtoReceiver(statuses);
  const reader = new ManualMetricReader();
  const processor = new OtlpProtoBatchProcessor({
    url: receiver.url,
    headers: {},
    timeoutMillis: 5000,
    maxQueueSize: 2048,
    maxExportBatchSize: 512,
    scheduledDelayMillis: 60_000,
    exportTimeoutMillis: 30_000,
    meterProvider: new MeterProvider({ readers: [reader] }),
    ...options,
  });
  receivers.push(receiver);
  processors.push(processor);
  return { receiver, processor, reader };
}

/** Records what the global error handler and diag.warn receive. */
function captureReports(): { errors: unknown[]; warnings: string[] } {
  const reports = { errors: [] as unknown[], warnings: [] as string[] };
  setGlobalErrorHandler((error) => reports.errors.push(error));
  const ignore = (): void => undefined;
  const logger: DiagLogger = {
    warn: (message: string) => reports.warnings.push(message),
    error: ignore,
    info: ignore,
    debug: ignore,
    verbose: ignore,
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return reports;
}

describe('OtlpProtoBatchProcessor', () => {
  it('sends every ended span once, in requests of at most maxExportBatchSize, as the official exporter encodes them', async () => {
    const { receiver, processor } = await setup({ maxExportBatchSize: 50 });
    const spans = sampleSpans();
    for (const span of spans) processor.onEnd(span);
    await processor.forceFlush();

    const official = new OTLPTraceExporter({ url: receiver.url });
    const result = await new Promise<{ code: ExportResultCode }>((resolve) =>
      official.export(spans, resolve),
    );
    assert.equal(result.code, ExportResultCode.SUCCESS);
    await official.shutdown();

    const ours = receiver.bodies.slice(0, -1);
    assert.equal(ours.length, Math.ceil(spans.length / 50));
    for (const body of ours) assert.ok(spansOf([body]).length <= 50);
    const bySpanId = (a: { spanId: string }, b: { spanId: string }): number =>
      a.spanId.localeCompare(b.spanId);
    assert.deepEqual(spansOf(ours).sort(bySpanId), spansOf(receiver.bodies.slice(-1)).sort(bySpanId));
    // Each request carries its resources and scopes whole, as the official exporter would for that batch.
    const first = decodeTraceRequest(ours[0]!);
    assert.equal(first.resourceSpans[0]!.scopeSpans[0]!.scope.name, 'scope-a');
  });

  it('sends a batch that is not full once the scheduled delay passed', async () => {
    const { receiver, processor } = await setup({ scheduledDelayMillis: 50 });
    const spans = sampleSpans().slice(0, 3);
    for (const span of spans) processor.onEnd(span);
    await waitFor('the delayed batch', () => receiver.bodies.length === 1, { timeoutMs: 5000 });
    assert.equal(spansOf(receiver.bodies).length, 3);
  });

  it('skips spans that were recorded but not sampled', async () => {
    const { receiver, processor } = await setup();
    const [sampled, unsampled] = sampleSpans();
    const context = unsampled!.spanContext();
    const notSampled = Object.create(unsampled!, {
      spanContext: { value: () => ({ ...context, traceFlags: TraceFlags.NONE }) },
    }) as ReadableSpan;
    processor.onEnd(notSampled);
    processor.onEnd(sampled!);
    await processor.forceFlush();
    assert.deepEqual(
      spansOf(receiver.bodies).map((s) => s.name),
      [sampled!.name],
    );
  });

  it('holds at most maxQueueSize spans while an export hangs, counts the drops and warns once they stop', async () => {
    const { receiver, processor, reader } = await setup({ maxQueueSize: 5, maxExportBatchSize: 2 });
    const reports = captureReports();
    receiver.holding = true;
    const spans = sampleSpans().slice(0, 20);
    for (const span of spans) processor.onEnd(span);
    // One batch of 2 is in flight, 5 spans wait, 13 were dropped.
    await waitFor('the first export', () => receiver.bodies.length === 1, { timeoutMs: 5000 });
    assert.equal(await metricValue(reader, 'otel.sdk.processor.span.queue.size'), 5);
    assert.equal(await metricValue(reader, 'otel.sdk.processor.span.queue.capacity'), 5);
    const dropped = { 'error.type': 'queue_full' };
    assert.equal(await metricValue(reader, 'otel.sdk.processor.span.processed', dropped), 13);
    assert.deepEqual(reports.warnings, []);

    // The two full batches go at once; the fifth span waits for the scheduled delay, or a flush.
    receiver.release();
    await waitFor('the full batches', () => receiver.bodies.length === 3, { timeoutMs: 5000 });
    processor.onEnd(spans[0]!);
    assert.deepEqual(reports.warnings, ['Dropped 13 spans because maxQueueSize reached']);
    await processor.forceFlush();
    assert.equal(spansOf(receiver.bodies).length, 8);
    assert.equal(await metricValue(reader, 'otel.sdk.processor.span.processed'), 13 + 8);
  });

  it('rejects forceFlush when the receiver refuses the batch, and counts the spans as failed', async () => {
    const { processor, reader } = await setup({}, [400]);
    const reports = captureReports();
    for (const span of sampleSpans().slice(0, 4)) processor.onEnd(span);
    await assert.rejects(processor.forceFlush(), /HTTP 400/);
    assert.equal(
      await metricValue(reader, 'otel.sdk.processor.span.processed', { 'error.type': 'Error' }),
      4,
    );
    assert.equal(reports.errors.length, 1);
    assert.equal(await metricValue(reader, 'otel.sdk.processor.span.queue.size'), 0);
  });

  it('reports a span it cannot encode and keeps the rest of the batch intact', async () => {
    const { receiver, processor, reader } = await setup();
    const reports = captureReports();
    const [good] = sampleSpans();
    const broken = Object.create(good!, {
      name: {
        get() {
          throw new TypeError('name unavailable');
        },
      },
    }) as ReadableSpan;
    processor.onEnd(good!);
    assert.doesNotThrow(() => processor.onEnd(broken));
    processor.onEnd(good!);
    await processor.forceFlush();
    assert.match(String(reports.errors[0]), /name unavailable/);
    assert.deepEqual(
      spansOf(receiver.bodies).map((s) => s.name),
      [good!.name, good!.name],
    );
    const failed = { 'error.type': 'TypeError' };
    assert.equal(await metricValue(reader, 'otel.sdk.processor.span.processed', failed), 1);
  });

  it('sends what is queued on shutdown and ignores spans ended after it', async () => {
    const { receiver, processor } = await setup();
    const [a, b] = sampleSpans();
    processor.onEnd(a!);
    await processor.shutdown();
    processor.onEnd(b!);
    await processor.forceFlush();
    assert.deepEqual(
      spansOf(receiver.bodies).map((s) => s.name),
      [a!.name],
    );
  });
});
