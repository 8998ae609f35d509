// The span processor behind OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf: it batches like the SDK's
// BatchSpanProcessor (the same OTEL_BSP_* settings, queue bound, drop counting and self-metrics) but encodes each
// span when it ends, so the queue holds bytes instead of span objects. Spans then die young instead of living
// until their batch goes, and sending a batch only frames what is already encoded.
import { context, diag, TraceFlags, type MeterProvider } from '@opentelemetry/api';
import { globalErrorHandler, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SpanProcessorMetrics } from '../span-processor-metrics.js';
import { EncodedBatch } from './encoded-batch.js';
import { OtlpHttpPost, type OtlpPostOptions } from './otlp-http-post.js';
import { WriterPool } from './writer-pool.js';

export interface OtlpProtoBatchOptions extends OtlpPostOptions {
  /** Spans held at most (queued and not yet being sent); more are dropped and counted. */
  maxQueueSize: number;
  /** Spans per request. */
  maxExportBatchSize: number;
  /** How long a batch that is not full waits before it is sent. */
  scheduledDelayMillis: number;
  /** How long one export may take before the next batch goes. */
  exportTimeoutMillis: number;
  /** Where the self-metrics go (otel.sdk.processor.span.*). */
  meterProvider?: MeterProvider;
}

export class OtlpProtoBatchProcessor implements SpanProcessor {
  private readonly post: OtlpHttpPost;
  private readonly metrics: SpanProcessorMetrics;
  private readonly writers = new WriterPool();
  /** The batch spans are encoded into; sealed when full or when its delay passed. */
  private open = new EncodedBatch(this.writers);
  /** Full batches waiting for the one being sent. */
  private readonly sealed: EncodedBatch[] = [];
  /** Spans in `open` and `sealed`. */
  private queued = 0;
  private sending: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private droppedSinceWarning = 0;
  private shutdownPromise: Promise<void> | undefined;

  constructor(private readonly options: OtlpProtoBatchOptions) {
    this.post = new OtlpHttpPost(options);
    this.metrics = new SpanProcessorMetrics(options.meterProvider, options.maxQueueSize, () => this.queued);
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.shutdownPromise !== undefined) return;
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queued >= this.options.maxQueueSize) {
      if (this.droppedSinceWarning++ === 0) diag.debug('maxQueueSize reached, dropping spans');
      this.metrics.dropped(1);
      return;
    }
    if (this.droppedSinceWarning > 0) {
      // The SDK's wording, so logs read the same whichever processor a service runs.
      diag.warn(`Dropped ${this.droppedSinceWarning} spans because maxQueueSize reached`);
      this.droppedSinceWarning = 0;
    }
    try {
      this.open.add(span);
    } catch (error) {
      globalErrorHandler(error as Error);
      this.metrics.finished(1, error as Error);
      return;
    }
    this.queued++;
    if (this.open.count >= this.options.maxExportBatchSize) this.seal();
    this.schedule();
  }

  /** Sends everything ended so far; rejects with the first failed export. */
  async forceFlush(): Promise<void> {
    if (this.shutdownPromise !== undefined) return this.shutdownPromise;
    return this.flushAll();
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.flushAll().finally(() => {
      this.metrics.shutdown();
      this.post.close();
    });
    return this.shutdownPromise;
  }

  private async flushAll(): Promise<void> {
    this.seal();
    let firstError: unknown;
    while (this.sending !== undefined || this.sealed.length > 0) {
      if (this.sending === undefined) this.schedule();
      const failure = await this.sending!.then(
        () => undefined,
        (error: unknown) => error,
      );
      firstError ??= failure;
    }
    if (firstError !== undefined) throw firstError;
  }

  private seal(): void {
    if (this.open.count === 0) return;
    this.sealed.push(this.open);
    this.open = new EncodedBatch(this.writers);
    this.clearTimer();
  }

  /** Sends the next full batch unless one is in flight, else arms the delay for the open one. */
  private schedule(): void {
    if (this.sending !== undefined) return;
    const batch = this.sealed.shift();
    if (batch !== undefined) {
      this.queued -= batch.count;
      const sending = this.send(batch);
      this.sending = sending;
      sending.then(
        () => this.sent(),
        (error: unknown) => {
          globalErrorHandler(error as Error);
          this.sent();
        },
      );
      return;
    }
    if (this.open.count > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.seal();
        this.schedule();
      }, this.options.scheduledDelayMillis);
      this.timer.unref();
    }
  }

  private sent(): void {
    this.sending = undefined;
    this.schedule();
  }

  private async send(batch: EncodedBatch): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const request = this.writers.take();
    try {
      await batch.resourcesSettled();
      const body = batch.frame(request);
      // The export's own HTTP request must not be traced by the client instrumentation.
      const posted = context.with(suppressTracing(context.active()), () => this.post.send(body));
      // A post that outlives the timeout settles unobserved, and keeps its body.
      posted.then(
        () => this.writers.give(request),
        () => this.writers.give(request),
      );
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('Timeout')), this.options.exportTimeoutMillis);
      });
      await Promise.race([posted, timedOut]);
      this.metrics.finished(batch.count);
    } catch (error) {
      this.metrics.finished(batch.count, error instanceof Error ? error : new Error(String(error)));
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
