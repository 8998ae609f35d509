// The typed configuration every part of @skein/telemetry receives. Built once from OTEL_* variables and the
// explicit options of setupTelemetry(); nothing else reads process.env.
import type { AttributeValue } from '@opentelemetry/api';

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

/** OTEL_PROPAGATORS members: the W3C two are built in, the others come from optional packages. */
export type PropagatorName = 'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'jaeger' | 'xray' | 'ottrace';
/** `tree` (traces only) prints each finished local trace as an indented tree: a development exporter. */
export type ExporterName = 'otlp' | 'console' | 'tree' | 'none';
export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';
export type Signal = 'traces' | 'metrics' | 'logs';
/** OTEL_EXPORTER_OTLP_[SIGNAL_]COMPRESSION. */
export type Compression = 'gzip' | 'none';

/** OTEL_LOG_LEVEL: the level of the SDK's own diagnostics (the `diag` logger). */
export type DiagLevelName = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

/**
 * OTEL_NODE_RESOURCE_DETECTORS members. `env`, `host`, `os`, `process` and `serviceinstance` are built in;
 * `container` and the cloud detectors come from optional packages.
 */
export type ResourceDetectorName =
  'env' | 'host' | 'os' | 'process' | 'serviceinstance' | 'container' | 'alibaba' | 'aws' | 'azure' | 'gcp';

/** A timeout of 0 means no limit; it is kept as the longest delay a Node timer accepts (about 24.8 days). */
export const NO_TIMEOUT_MS = 2_147_483_647;

/** PEM contents read from the certificate files (OTEL_EXPORTER_OTLP_[SIGNAL_]CERTIFICATE, _CLIENT_KEY, …). */
export interface TlsSettings {
  /** Trusted CA certificates for the server (replaces the system roots, as in every OpenTelemetry SDK). */
  ca?: string;
  /** Client certificate chain and key for mutual TLS; both or neither. */
  cert?: string;
  key?: string;
}

/** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: what the OTLP metric exporter asks of each instrument. */
export type TemporalityPreference = 'cumulative' | 'delta' | 'lowmemory';

/** Where and how one signal is exported. */
export interface SignalExport {
  exporter: ExporterName;
  protocol: OtlpProtocol;
  /** Full URL: for HTTP protocols it includes the `/v1/<signal>` path, for gRPC it is the server origin. */
  endpoint: string;
  headers: Record<string, string>;
  /** Per-export timeout; NO_TIMEOUT_MS when configured as 0. */
  timeoutMs: number;
  compression: Compression;
  /** Used when the endpoint is https (or, for gRPC, a TLS channel). */
  tls: TlsSettings;
  /** Colour of console output (the `tree` exporter): FORCE_COLOR, then NO_COLOR, else whether stdout is a TTY. */
  color?: boolean;
}

/** A batch processor's settings (OTEL_BSP_* for spans, OTEL_BLRP_* for log records). */
export interface BatchConfig {
  scheduleDelayMs: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
  /** NO_TIMEOUT_MS when configured as 0. */
  exportTimeoutMs: number;
}

/** Span limits (OTEL_SPAN_* over OTEL_ATTRIBUTE_*, as the spec orders them). */
export interface SpanLimitsConfig {
  attributeCountLimit: number;
  /** undefined: no limit. */
  attributeValueLengthLimit: number | undefined;
  eventCountLimit: number;
  linkCountLimit: number;
  /** OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT. */
  attributePerEventCountLimit: number;
  /** OTEL_LINK_ATTRIBUTE_COUNT_LIMIT. */
  attributePerLinkCountLimit: number;
}

/** Log record limits (OTEL_LOGRECORD_* over OTEL_ATTRIBUTE_*). */
export interface LogRecordLimitsConfig {
  attributeCountLimit: number;
  /** undefined: no limit. */
  attributeValueLengthLimit: number | undefined;
}

export interface TelemetryConfig {
  disabled: boolean;
  serviceName: string;
  serviceVersion: string | undefined;
  /** From OTEL_RESOURCE_ATTRIBUTES (when the `env` detector is on), then the `resourceAttributes` option. */
  resourceAttributes: Record<string, AttributeValue>;
  /** OTEL_NODE_RESOURCE_DETECTORS, expanded (`all`) and deduplicated. */
  resourceDetectors: ResourceDetectorName[];
  sampler: { name: SamplerName; ratio: number };
  propagators: PropagatorName[];
  traces: SignalExport;
  metrics: SignalExport;
  logs: SignalExport;
  batchSpan: BatchConfig;
  batchLogRecord: BatchConfig;
  /** The general limits (OTEL_ATTRIBUTE_*); spans and log records may override them. */
  attributeValueLengthLimit: number | undefined;
  attributeCountLimit: number;
  spanLimits: SpanLimitsConfig;
  logRecordLimits: LogRecordLimitsConfig;
  metricExportIntervalMs: number;
  /** OTEL_METRIC_EXPORT_TIMEOUT, at most the interval. */
  metricExportTimeoutMs: number;
  /** Temporality of OTLP-exported metrics; Prometheus is always cumulative. */
  metricTemporality: TemporalityPreference;
  /** Query parameter names (lowercase) whose values are replaced by `REDACTED` in url.query / url.full. */
  redactedQueryParams: string[];
  /** Trace outbound fetch and node:http(s) requests. */
  clientTracing: boolean;
  runtimeMetrics: boolean;
  /** The application logger's (pino) level: the `logLevel` option, else SKEIN_LOG_LEVEL, else `info`. */
  logLevel: string;
  /** The SDK diagnostics' level: OTEL_LOG_LEVEL. */
  diagLogLevel: DiagLevelName;
  /** The declarative configuration file the settings came from (OTEL_CONFIG_FILE), if any. */
  configFile: string | undefined;
}

/**
 * Query parameter names redacted by default (matched case-insensitively, on the whole name): common secrets, and
 * the keys the HTTP semantic conventions list for url.query (AWSAccessKeyId, Signature, sig, X-Goog-Signature)
 * with their presigned-URL siblings.
 */
export const DEFAULT_REDACTED_QUERY_PARAMS: readonly string[] = [
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
  'key',
  'api_key',
  'apikey',
  'auth',
  'authorization',
  'signature',
  'sig',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'awsaccesskeyid',
  'x-goog-signature',
  'x-goog-credential',
  'session',
  'sessionid',
];
