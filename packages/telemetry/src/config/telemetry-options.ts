// What a caller may pass to setupTelemetry(): every field overrides the matching OTEL_* variable.
import type { DestinationStream } from 'pino';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type {
  BatchSpanConfig,
  ExporterName,
  OtlpProtocol,
  PropagatorName,
  SamplerName,
  TemporalityPreference,
} from './telemetry-config.js';

/** Per-signal export overrides. */
export interface SignalExportOptions {
  exporter?: ExporterName;
  protocol?: OtlpProtocol;
  /** Full URL (HTTP: including `/v1/<signal>`). */
  endpoint?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface TelemetryOptions {
  /** Same as OTEL_SDK_DISABLED=true. */
  disabled?: boolean;
  serviceName?: string;
  serviceVersion?: string;
  resourceAttributes?: Record<string, string>;
  sampler?: SamplerName;
  samplerRatio?: number;
  /** An empty list means OTEL_PROPAGATORS=none. */
  propagators?: PropagatorName[];
  /** Base endpoint for all signals, as OTEL_EXPORTER_OTLP_ENDPOINT. */
  otlpEndpoint?: string;
  /** Protocol for all signals, as OTEL_EXPORTER_OTLP_PROTOCOL. */
  otlpProtocol?: OtlpProtocol;
  otlpHeaders?: Record<string, string>;
  traces?: SignalExportOptions;
  metrics?: SignalExportOptions;
  logs?: SignalExportOptions;
  batchSpan?: Partial<BatchSpanConfig>;
  attributeValueLengthLimit?: number;
  attributeCountLimit?: number;
  metricExportIntervalMs?: number;
  /** Temporality of the OTLP metric push (OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE). */
  metricTemporality?: TemporalityPreference;
  /** Replaces the default list of query parameters whose values are redacted. */
  redactedQueryParams?: string[];
  /** Trace outbound fetch and node:http(s) requests (default true). */
  clientTracing?: boolean;
  /** Observe event-loop delay and heap metrics (default true). */
  runtimeMetrics?: boolean;
  /** pino level (default `info`). */
  logLevel?: string;
  /** Where JSON log lines go (default: stdout, asynchronously). */
  logDestination?: DestinationStream;
  /** An extra span exporter (batched like the configured one), e.g. an in-memory exporter in tests. */
  spanExporter?: SpanExporter;
  /** Register the providers and propagator as the OpenTelemetry globals (default true). */
  registerGlobals?: boolean;
  /** The environment to read (default process.env). */
  env?: Record<string, string | undefined>;
  /** Receives one line per configuration warning (default: written to stderr). */
  warn?: (message: string) => void;
}
