// The self-observability metrics of a batching span processor, as the SDK's BatchSpanProcessor records them
// (OpenTelemetry semantic conventions, "SDK metrics"): spans processed (with error.type when dropped or failed),
// and the queue's capacity and size.
import { INSTRUMENTATION_SCOPE } from '../instrumentation-scope.js';
import type {
  Attributes,
  MeterProvider,
  ObservableCallback,
  ObservableUpDownCounter,
} from '@opentelemetry/api';

const COMPONENT_TYPE = 'batching_span_processor';
let instances = 0;

export class SpanProcessorMetrics {
  private readonly processed;
  private readonly standard: Attributes;
  private readonly queueFull: Attributes;
  private readonly queueSize: ObservableUpDownCounter | undefined;
  private readonly observeQueueSize: ObservableCallback;

  constructor(meterProvider: MeterProvider | undefined, capacity: number, queueSize: () => number) {
    // Skein's processors are numbered apart from the SDK's, whose counter is private to its module.
    this.standard = {
      'otel.component.type': COMPONENT_TYPE,
      'otel.component.name': `${COMPONENT_TYPE}/skein-${instances++}`,
    };
    this.queueFull = { ...this.standard, 'error.type': 'queue_full' };
    const meter = meterProvider?.getMeter(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version);
    this.processed = meter?.createCounter('otel.sdk.processor.span.processed', {
      unit: '{span}',
      description: 'The number of spans for which the processing has finished, either successful or failed.',
    });
    meter
      ?.createUpDownCounter('otel.sdk.processor.span.queue.capacity', {
        unit: '{span}',
        description:
          'The maximum number of spans the queue of a given instance of an SDK span processor can hold.',
      })
      .add(capacity, this.standard);
    this.queueSize = meter?.createObservableUpDownCounter('otel.sdk.processor.span.queue.size', {
      unit: '{span}',
      description: 'The number of spans in the queue of a given instance of an SDK span processor.',
    });
    this.observeQueueSize = (result) => result.observe(queueSize(), this.standard);
    this.queueSize?.addCallback(this.observeQueueSize);
  }

  /** Stops observing the queue (the processor is shut down). */
  shutdown(): void {
    this.queueSize?.removeCallback(this.observeQueueSize);
  }

  /** Spans dropped because the queue was full. */
  dropped(count: number): void {
    this.processed?.add(count, this.queueFull);
  }

  /** Spans whose export ended: successfully, or with `error` (its name becomes error.type). */
  finished(count: number, error?: Error): void {
    this.processed?.add(
      count,
      error === undefined ? this.standard : { ...this.standard, 'error.type': error.name },
    );
  }
}
