// Public API of @skein/telemetry.
export { setupTelemetry } from './setup.js';
export type { TelemetryOptions, SignalExportOptions } from './config/telemetry-options.js';
export type {
  BatchConfig,
  Compression,
  DiagLevelName,
  ExporterName,
  LogRecordLimitsConfig,
  OtlpProtocol,
  PropagatorName,
  ResourceDetectorName,
  SpanLimitsConfig,
  TlsSettings,
  SamplerName,
  TelemetryConfig,
  TemporalityPreference,
} from './config/telemetry-config.js';
export { resolveConfig } from './config/resolve-config.js';
export { TelemetryError, type TelemetryErrorCode } from './telemetry-error.js';
export type { Telemetry } from './telemetry.js';
export type { HttpServerInstrumentation, RequestScope } from './http/server-contract.js';
export { instrumentHandler } from './http/instrument-handler.js';
export { REDACTED } from './http/redaction.js';
export { withSpan } from './span/with-span.js';
export { injectContext, extractContext } from './messaging/message-context.js';
export { withProducerSpan, withConsumerSpan, type MessageDescription } from './messaging/message-spans.js';
export { HTTP_DURATION_BUCKETS } from './metrics/http-metrics.js';
export { OtlpProtoSpanExporter } from './export/otlp-proto/otlp-proto-span-exporter.js';
export {
  renderTrace,
  formatDuration,
  useColor,
  TreeSpanExporter,
  type RenderOptions,
  type TreeLog,
  type TreeSpan,
  type TreeSpanStatus,
} from './export/trace-tree/index.js';
