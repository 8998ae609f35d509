// The typed configuration every part of @skein/telemetry receives. Built once from OTEL_* variables and the
// explicit options of setupTelemetry(); nothing else reads process.env.

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

export type PropagatorName = 'tracecontext' | 'baggage';
/** `tree` (traces only) prints each finished local trace as an indented tree: a development exporter. */
export type ExporterName = 'otlp' | 'console' | 'tree' | 'none';
export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';
export type Signal = 'traces' | 'metrics' | 'logs';
/** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: what the OTLP metric exporter asks of each instrument. */
export type TemporalityPreference = 'cumulative' | 'delta' | 'lowmemory';

/** Where and how one signal is exported. */
export interface SignalExport {
  exporter: ExporterName;
  protocol: OtlpProtocol;
  /** Full URL: for HTTP protocols it includes the `/v1/<signal>` path, for gRPC it is the server origin. */
  endpoint: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Colour of console output (the `tree` exporter): FORCE_COLOR, then NO_COLOR, else whether stdout is a TTY. */
  color?: boolean;
}

export interface BatchSpanConfig {
  scheduleDelayMs: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
  exportTimeoutMs: number;
}

export interface TelemetryConfig {
  disabled: boolean;
  serviceName: string;
  serviceVersion: string | undefined;
  /** From OTEL_RESOURCE_ATTRIBUTES, then the `resourceAttributes` option. */
  resourceAttributes: Record<string, string>;
  sampler: { name: SamplerName; ratio: number };
  propagators: PropagatorName[];
  traces: SignalExport;
  metrics: SignalExport;
  logs: SignalExport;
  batchSpan: BatchSpanConfig;
  attributeValueLengthLimit: number | undefined;
  attributeCountLimit: number;
  metricExportIntervalMs: number;
  /** Temporality of OTLP-exported metrics; Prometheus is always cumulative. */
  metricTemporality: TemporalityPreference;
  /** Query parameter names (lowercase) whose values are replaced by `REDACTED` in url.query / url.full. */
  redactedQueryParams: string[];
  /** Trace outbound fetch and node:http(s) requests. */
  clientTracing: boolean;
  runtimeMetrics: boolean;
  logLevel: string;
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
