// Builds the push exporter of each signal from its SignalExport: OTLP over grpc, http/protobuf or http/json,
// the console, the trace tree (traces), or none. Every OTLP setting (endpoint, headers, timeout, compression, TLS)
// is passed explicitly, so what resolve-config decided is what the exporter does. The official exporter packages
// are loaded only for the protocol that uses them (the gRPC and JSON ones are optional peer dependencies).
import { createRequire } from 'node:module';
import type { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import type { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import type * as MetricsHttp from '@opentelemetry/exporter-metrics-otlp-http';
import type { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import type { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import type { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import type { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type * as GrpcBase from '@opentelemetry/otlp-grpc-exporter-base';
import { ConsoleLogRecordExporter, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { ConsoleMetricExporter, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Signal, SignalExport, TemporalityPreference } from '../config/telemetry-config.js';
import { loadOptional, type ModuleRequire } from '../optional/optional-package.js';
import type { OtlpPostOptions } from './otlp-proto/otlp-http-post.js';
import { OtlpProtoSpanExporter } from './otlp-proto/otlp-proto-span-exporter.js';
import { TreeSpanExporter } from './trace-tree/tree-span-exporter.js';

/** The package of the official OTLP exporter of each signal and protocol (traces over protobuf are Skein's). */
export const EXPORTER_PACKAGES = {
  traces: {
    grpc: '@opentelemetry/exporter-trace-otlp-grpc',
    'http/json': '@opentelemetry/exporter-trace-otlp-http',
  },
  metrics: {
    grpc: '@opentelemetry/exporter-metrics-otlp-grpc',
    'http/json': '@opentelemetry/exporter-metrics-otlp-http',
    'http/protobuf': '@opentelemetry/exporter-metrics-otlp-proto',
  },
  logs: {
    grpc: '@opentelemetry/exporter-logs-otlp-grpc',
    'http/json': '@opentelemetry/exporter-logs-otlp-http',
    'http/protobuf': '@opentelemetry/exporter-logs-otlp-proto',
  },
} as const;

type ExporterClass<T> = new (config: object) => T;

/** Loads the exporter class `exportName` of `signal` over its protocol; a missing package names itself. */
function exporterClass<T>(
  signal: Signal,
  config: SignalExport,
  exportName: string,
  load: ModuleRequire | undefined,
): ExporterClass<T> {
  const packages: Partial<Record<string, string>> = EXPORTER_PACKAGES[signal];
  const name = packages[config.protocol]!;
  const module = loadOptional<Record<string, unknown>>(name, protocolReason(signal, config), load);
  return module[exportName] as ExporterClass<T>;
}

function protocolReason(signal: Signal, config: SignalExport): string {
  return `exporting ${signal} over OTLP ${config.protocol}`;
}

/** What Skein's own OTLP/HTTP protobuf trace encoder posts with. */
export function postOptions(signal: SignalExport): OtlpPostOptions {
  return {
    url: signal.endpoint,
    headers: signal.headers,
    timeoutMillis: signal.timeoutMs,
    compression: signal.compression,
    tls: signal.tls,
  };
}

/** The official OTLP/HTTP exporters' options: an agent with the TLS files, compression, no env left to read. */
function httpOptions(signal: SignalExport): object {
  const { ca, cert, key } = signal.tls;
  return {
    url: signal.endpoint,
    headers: signal.headers,
    timeoutMillis: signal.timeoutMs,
    compression: signal.compression,
    httpAgentOptions: { keepAlive: true, ...(ca && { ca }), ...(cert && key && { cert, key }) },
  };
}

/**
 * The official OTLP/gRPC exporters' options. Credentials and metadata come from the otlp-grpc-exporter-base the
 * exporter itself uses (resolved from the exporter's own folder), so they are of the exporter's grpc-js copy.
 */
function grpcOptions(signal: Signal, config: SignalExport): object {
  const exporterPath = createRequire(import.meta.url).resolve(EXPORTER_PACKAGES[signal].grpc);
  const base = loadOptional<typeof GrpcBase>(
    '@opentelemetry/otlp-grpc-exporter-base',
    protocolReason(signal, config),
    createRequire(exporterPath),
  );
  const metadata = base.createEmptyMetadata();
  for (const [key, value] of Object.entries(config.headers)) metadata.set(key, value);
  const { ca, cert, key } = config.tls;
  const pem = (text: string | undefined): Buffer | undefined =>
    text === undefined ? undefined : Buffer.from(text);
  const credentials = config.endpoint.startsWith('https:')
    ? base.createSslCredentials(
        pem(ca),
        cert && key ? pem(key) : undefined,
        cert && key ? pem(cert) : undefined,
      )
    : base.createInsecureCredentials();
  return {
    url: config.endpoint,
    metadata,
    credentials,
    timeoutMillis: config.timeoutMs,
    compression: config.compression,
  };
}

/** The span exporter of `config`; `load` replaces require() in tests. */
export function createSpanExporter(config: SignalExport, load?: ModuleRequire): SpanExporter | undefined {
  if (config.exporter === 'none') return undefined;
  if (config.exporter === 'console') return new ConsoleSpanExporter();
  if (config.exporter === 'tree') return new TreeSpanExporter({ color: config.color ?? false });
  if (config.protocol === 'grpc')
    return new (exporterClass<GrpcTraceExporter>('traces', config, 'OTLPTraceExporter', load))(
      grpcOptions('traces', config),
    );
  if (config.protocol === 'http/json')
    return new (exporterClass<JsonTraceExporter>('traces', config, 'OTLPTraceExporter', load))(
      httpOptions(config),
    );
  // Skein's own encoder: the official exporter's bytes with less work per span (docs/performance.md).
  return new OtlpProtoSpanExporter(postOptions(config));
}

/** The metric exporter of `config`; OTLP ones ask for `temporality` (the console exporter stays cumulative). */
export function createMetricExporter(
  config: SignalExport,
  temporality: TemporalityPreference,
  load?: ModuleRequire,
): PushMetricExporter | undefined {
  if (config.exporter === 'none') return undefined;
  if (config.exporter === 'console') return new ConsoleMetricExporter();
  // The temporality enum lives in the JSON exporter, a dependency of the protobuf one.
  const { AggregationTemporalityPreference: preference } = loadOptional<typeof MetricsHttp>(
    EXPORTER_PACKAGES.metrics['http/json'],
    protocolReason('metrics', config),
    load,
  );
  const temporalityPreference = {
    cumulative: preference.CUMULATIVE,
    delta: preference.DELTA,
    lowmemory: preference.LOWMEMORY,
  }[temporality];
  // The exporter's package first: a missing one is named before its options are built from it.
  const Exporter = exporterClass<GrpcMetricExporter | ProtoMetricExporter | MetricsHttp.OTLPMetricExporter>(
    'metrics',
    config,
    'OTLPMetricExporter',
    load,
  );
  const options = config.protocol === 'grpc' ? grpcOptions('metrics', config) : httpOptions(config);
  return new Exporter({ ...options, temporalityPreference });
}

export function createLogExporter(config: SignalExport, load?: ModuleRequire): LogRecordExporter | undefined {
  if (config.exporter === 'none') return undefined;
  if (config.exporter === 'console') return new ConsoleLogRecordExporter();
  const Exporter = exporterClass<GrpcLogExporter | JsonLogExporter | ProtoLogExporter>(
    'logs',
    config,
    'OTLPLogExporter',
    load,
  );
  return new Exporter(config.protocol === 'grpc' ? grpcOptions('logs', config) : httpOptions(config));
}
