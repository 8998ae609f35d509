// Loads the OpenTelemetry .proto files (packages/backend/proto) once with protobufjs reflection and exposes
// the message types the receivers and the store encode and decode.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));
const FILES = [
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  'google/rpc/status.proto',
];

function load(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => PROTO_DIR + target;
  root.loadSync(FILES);
  root.resolveAll();
  return root;
}

const root = load();
const type = (name: string): protobuf.Type => root.lookupType(name);

/** The message types Skein handles, by their proto names. */
export const pb = {
  ExportTraceServiceRequest: type('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
  ExportTraceServiceResponse: type('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
  ExportLogsServiceRequest: type('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
  ExportLogsServiceResponse: type('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
  ExportMetricsServiceRequest: type('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
  ExportMetricsServiceResponse: type('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse'),
  Span: type('opentelemetry.proto.trace.v1.Span'),
  LogRecord: type('opentelemetry.proto.logs.v1.LogRecord'),
  Resource: type('opentelemetry.proto.resource.v1.Resource'),
  InstrumentationScope: type('opentelemetry.proto.common.v1.InstrumentationScope'),
  KeyValue: type('opentelemetry.proto.common.v1.KeyValue'),
  NumberDataPoint: type('opentelemetry.proto.metrics.v1.NumberDataPoint'),
  HistogramDataPoint: type('opentelemetry.proto.metrics.v1.HistogramDataPoint'),
  ExponentialHistogramDataPoint: type('opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint'),
  SummaryDataPoint: type('opentelemetry.proto.metrics.v1.SummaryDataPoint'),
  Status: type('google.rpc.Status'),
} as const;

/** The options that turn a decoded message into OTLP/JSON-like plain data (ids are fixed up to hex after). */
export const TO_OBJECT: protobuf.IConversionOptions = {
  longs: String,
  enums: Number,
  bytes: String,
  defaults: false,
  arrays: false,
  oneofs: false,
};
