// A SpanExporter for OTLP/HTTP protobuf with Skein's one-pass encoder: the same bytes on the wire as the
// official exporter (`/v1/traces`, `application/x-protobuf`), at a fraction of the encoding work.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpPost, type OtlpPostOptions } from './otlp-http-post.js';
import { EncodedBatch } from './encoded-batch.js';
import { WriterPool } from './writer-pool.js';

export class OtlpProtoSpanExporter implements SpanExporter {
  private readonly post: OtlpHttpPost;
  private readonly writers = new WriterPool();
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  constructor(options: OtlpPostOptions) {
    this.post = new OtlpHttpPost(options);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter is shut down') });
      return;
    }
    const request = this.writers.take();
    let body: Uint8Array;
    try {
      const batch = new EncodedBatch(this.writers);
      for (const span of spans) batch.add(span);
      body = batch.frame(request);
    } catch (error) {
      this.writers.give(request);
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
      return;
    }
    const sent = this.post.send(body).then(
      () => {
        this.writers.give(request);
        resultCallback({ code: ExportResultCode.SUCCESS });
      },
      (error: unknown) => {
        this.writers.give(request);
        resultCallback({
          code: ExportResultCode.FAILED,
          error: error instanceof Error ? error : new Error(String(error)),
        });
      },
    );
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  /** Waits for the exports in flight. */
  async forceFlush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.forceFlush();
    this.post.close();
  }
}
