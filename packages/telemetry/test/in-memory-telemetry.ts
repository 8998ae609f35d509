// In-process test setup: telemetry with nothing pushed over the network, spans kept in memory, logs captured.
import { Writable } from 'node:stream';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { setupTelemetry, type Telemetry, type TelemetryOptions } from '../src/index.js';

export interface InMemoryTelemetry {
  telemetry: Telemetry;
  /** Flushes and returns every span ended so far. */
  spans(): Promise<ReadableSpan[]>;
  /** Parsed JSON log lines written so far. */
  logLines: Record<string, unknown>[];
  warnings: string[];
}

export function inMemoryTelemetry(options: TelemetryOptions = {}): InMemoryTelemetry {
  const exporter = new InMemorySpanExporter();
  const logLines: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logLines.push(JSON.parse(line));
      callback();
    },
  });
  const telemetry = setupTelemetry({
    env: {},
    traces: { exporter: 'none' },
    metrics: { exporter: 'none' },
    logs: { exporter: 'none' },
    batchSpan: { scheduleDelayMs: 10 },
    spanExporter: exporter,
    logDestination,
    warn: (line) => warnings.push(line),
    ...options,
  });
  return {
    telemetry,
    logLines,
    warnings,
    async spans() {
      await telemetry.forceFlush();
      return exporter.getFinishedSpans();
    },
  };
}
