import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  decodeTraceRequest,
  startProtoReceiver,
  type ProtoReceiver,
} from '../../../test/otlp-proto-receiver.js';
import { sampleSpans } from '../../../test/sample-spans.js';
import { OtlpProtoSpanExporter } from './otlp-proto-span-exporter.js';

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

describe('OtlpProtoSpanExporter', () => {
  let receiver: ProtoReceiver;

  before(async () => {
    receiver = await startProtoReceiver();
  });

  after(() => receiver.close());

  it('sends what the official OTLP proto exporter sends, field by field', async () => {
    const spans = sampleSpans();
    const official = new OTLPTraceExporter({ url: receiver.url });
    const ours = new OtlpProtoSpanExporter({ url: receiver.url, headers: {}, timeoutMillis: 5000 });
    assert.equal((await exportWith(official, spans)).code, ExportResultCode.SUCCESS);
    assert.equal((await exportWith(ours, spans)).code, ExportResultCode.SUCCESS);
    // Again: the second request is encoded into the writers the first one gave back.
    assert.equal((await exportWith(ours, spans.slice(0, 3))).code, ExportResultCode.SUCCESS);
    assert.equal((await exportWith(ours, spans)).code, ExportResultCode.SUCCESS);
    await Promise.all([official.shutdown(), ours.shutdown()]);

    const [theirs, mine, , mineAgain] = receiver.bodies.slice(-4).map(decodeTraceRequest);
    assert.deepEqual(mine, theirs);
    assert.deepEqual(mineAgain, theirs);
    // The comparison covers what matters: a big message, two resources, three scopes, attributes of every kind.
    assert.equal(theirs!.resourceSpans.length, 2);
    assert.equal(theirs!.resourceSpans[0]!.scopeSpans.length, 2);
    assert.equal(theirs!.resourceSpans[0]!.scopeSpans[1]!.spans.length, 211);
    assert.equal(theirs!.resourceSpans[1]!.scopeSpans[0]!.spans.length, 2);
  });

  it('retries a 503 and reports success once the receiver accepts', async () => {
    const flaky = await startProtoReceiver([503]);
    const exporter = new OtlpProtoSpanExporter({
      url: flaky.url,
      headers: { 'x-key': 'k' },
      timeoutMillis: 5000,
    });
    const result = await exportWith(exporter, sampleSpans().slice(0, 1));
    await exporter.shutdown();
    await flaky.close();
    assert.equal(result.code, ExportResultCode.SUCCESS);
    assert.equal(flaky.bodies.length, 2);
  });

  it('fails without retrying a 400', async () => {
    const rejecting = await startProtoReceiver([400]);
    const exporter = new OtlpProtoSpanExporter({ url: rejecting.url, headers: {}, timeoutMillis: 5000 });
    const result = await exportWith(exporter, sampleSpans().slice(0, 1));
    await exporter.shutdown();
    await rejecting.close();
    assert.equal(result.code, ExportResultCode.FAILED);
    assert.match(String(result.error), /HTTP 400/);
    assert.equal(rejecting.bodies.length, 1);
  });

  it('fails when the receiver is unreachable', async () => {
    const gone = await startProtoReceiver();
    await gone.close();
    const exporter = new OtlpProtoSpanExporter({ url: gone.url, headers: {}, timeoutMillis: 2000 });
    const result = await exportWith(exporter, sampleSpans().slice(0, 1));
    await exporter.shutdown();
    assert.equal(result.code, ExportResultCode.FAILED);
  });
});
