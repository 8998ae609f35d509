// Builds the push exporter of each signal from its SignalExport: OTLP over grpc, http/protobuf or http/json,
// the console, the trace tree (traces), or none.
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonMetricExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Metadata } from '@grpc/grpc-js';
import { ConsoleLogRecordExporter, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { ConsoleMetricExporter, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { SignalExport, TemporalityPreference } from '../config/telemetry-config.js';
import { OtlpProtoSpanExporter } from './otlp-proto/otlp-proto-span-exporter.js';
import { TreeSpanExporter } from './trace-tree/tree-span-exporter.js';

interface HttpExporterOptions {
  url: string;
  headers: Record<string, string>;
  timeoutMillis: number;
}

interface GrpcExporterOptions {
  url: string;
  metadata: Metadata;
  timeoutMillis: number;
}

/** The endpoint, headers and timeout of an OTLP/HTTP exporter of `signal`. */
export function httpOptions(signal: SignalExport): HttpExporterOptions {
  return { url: signal.endpoint, headers: signal.headers, timeoutMillis: signal.timeoutMs };
}

function grpcOptions(signal: SignalExport): GrpcExporterOptions {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(signal.headers)) metadata.set(key, value);
  return { url: signal.endpoint, metadata, timeoutMillis: signal.timeoutMs };
}

/** True when `signal` is exported over OTLP/HTTP protobuf, which Skein's own encoder serves. */
export function isOtlpProto(signal: SignalExport): boolean {
  return signal.exporter === 'otlp' && signal.protocol === 'http/protobuf';
}

export function createSpanExporter(signal: SignalExport): SpanExporter | undefined {
  if (signal.exporter === 'none') return undefined;
  if (signal.exporter === 'console') return new ConsoleSpanExporter();
  if (signal.exporter === 'tree') return new TreeSpanExporter({ color: signal.color ?? false });
  if (signal.protocol === 'grpc') return new GrpcTraceExporter(grpcOptions(signal));
  if (signal.protocol === 'http/json') return new JsonTraceExporter(httpOptions(signal));
  // Skein's own encoder: the official exporter's bytes with less work per span (docs/performance.md).
  return new OtlpProtoSpanExporter(httpOptions(signal));
}

const TEMPORALITY: Record<TemporalityPreference, AggregationTemporalityPreference> = {
  cumulative: AggregationTemporalityPreference.CUMULATIVE,
  delta: AggregationTemporalityPreference.DELTA,
  lowmemory: AggregationTemporalityPreference.LOWMEMORY,
};

/** The metric exporter of `signal`; OTLP ones ask for `temporality` (the console exporter stays cumulative). */
export function createMetricExporter(
  signal: SignalExport,
  temporality: TemporalityPreference,
): PushMetricExporter | undefined {
  if (signal.exporter === 'none') return undefined;
  if (signal.exporter === 'console') return new ConsoleMetricExporter();
  const temporalityPreference = TEMPORALITY[temporality];
  if (signal.protocol === 'grpc')
    return new GrpcMetricExporter({ ...grpcOptions(signal), temporalityPreference });
  if (signal.protocol === 'http/json')
    return new JsonMetricExporter({ ...httpOptions(signal), temporalityPreference });
  return new ProtoMetricExporter({ ...httpOptions(signal), temporalityPreference });
}

export function createLogExporter(signal: SignalExport): LogRecordExporter | undefined {
  if (signal.exporter === 'none') return undefined;
  if (signal.exporter === 'console') return new ConsoleLogRecordExporter();
  if (signal.protocol === 'grpc') return new GrpcLogExporter(grpcOptions(signal));
  if (signal.protocol === 'http/json') return new JsonLogExporter(httpOptions(signal));
  return new ProtoLogExporter(httpOptions(signal));
}
