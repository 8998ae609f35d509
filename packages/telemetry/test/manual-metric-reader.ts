// A metric reader for tests: nothing is pushed anywhere; a test calls collect() when it wants the data.
import { MetricReader } from '@opentelemetry/sdk-metrics';

export class ManualMetricReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}
