// What a caller may pass to setupTelemetry(): every field overrides the matching OTEL_* variable.
import type { DestinationStream } from 'pino';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { AttributeValue } from '@opentelemetry/api';
import type {
  BatchConfig,
  Compression,
  DiagLevelName,
  ExporterName,
  LogRecordLimitsConfig,
  OtlpProtocol,
  PropagatorName,
  ResourceDetectorName,
  SamplerName,
  SpanLimitsConfig,
  TemporalityPreference,
} from './telemetry-config.js';

/** Per-signal export overrides. */
export interface SignalExportOptions {
  exporter?: ExporterName;
  protocol?: OtlpProtocol;
  /** Full URL (HTTP: including `/v1/<signal>`). */
  endpoint?: string;
  headers?: Record<string, string>;
  /** 0 means no limit. */
  timeoutMs?: number;
  compression?: Compression;
  /** PEM file of the CA certificates that verify the server (OTEL_EXPORTER_OTLP_[SIGNAL_]CERTIFICATE). */
  certificateFile?: string;
  /** PEM files of the client certificate and its key for mutual TLS (…_CLIENT_CERTIFICATE, …_CLIENT_KEY). */
  clientCertificateFile?: string;
  clientKeyFile?: string;
}

export interface TelemetryOptions {
  /** Same as OTEL_SDK_DISABLED=true. */
  disabled?: boolean;
  serviceName?: string;
  serviceVersion?: string;
  resourceAttributes?: Record<string, AttributeValue>;
  /** As OTEL_NODE_RESOURCE_DETECTORS (`all` and `none` included). */
  resourceDetectors?: (ResourceDetectorName | 'all' | 'none')[];
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
  batchSpan?: Partial<BatchConfig>;
  /** OTEL_BLRP_*. */
  batchLogRecord?: Partial<BatchConfig>;
  attributeValueLengthLimit?: number;
  attributeCountLimit?: number;
  /** OTEL_SPAN_* and OTEL_{EVENT,LINK}_ATTRIBUTE_COUNT_LIMIT. */
  spanLimits?: Partial<SpanLimitsConfig>;
  /** OTEL_LOGRECORD_ATTRIBUTE_*. */
  logRecordLimits?: Partial<LogRecordLimitsConfig>;
  metricExportIntervalMs?: number;
  /** OTEL_METRIC_EXPORT_TIMEOUT (0 means no limit; never more than the interval). */
  metricExportTimeoutMs?: number;
  /** Temporality of the OTLP metric push (OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE). */
  metricTemporality?: TemporalityPreference;
  /** Replaces the default list of query parameters whose values are redacted. */
  redactedQueryParams?: string[];
  /** Trace outbound fetch and node:http(s) requests (default true). */
  clientTracing?: boolean;
  /** Observe event-loop delay and heap metrics (default true). */
  runtimeMetrics?: boolean;
  /** The application logger's pino level, as SKEIN_LOG_LEVEL (default `info`). */
  logLevel?: string;
  /** The SDK diagnostics' level, as OTEL_LOG_LEVEL (default `info`). */
  diagLogLevel?: DiagLevelName;
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
