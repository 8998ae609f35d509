// The one place where OTEL_* variables are read: env + explicit options → a validated TelemetryConfig.
import {
  readBoolean,
  readChoice,
  readInteger,
  readKeyValueList,
  readList,
  readRatio,
  readUrl,
  type WarningSink,
} from './env-value.js';
import { useColor } from '../export/trace-tree/color.js';
import { checkVariableNames } from './variable-names.js';
import {
  DEFAULT_REDACTED_QUERY_PARAMS,
  type ExporterName,
  type OtlpProtocol,
  type PropagatorName,
  type SamplerName,
  type Signal,
  type SignalExport,
  type TelemetryConfig,
  type TemporalityPreference,
} from './telemetry-config.js';
import type { SignalExportOptions, TelemetryOptions } from './telemetry-options.js';

type Env = Record<string, string | undefined>;

const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];
const PROTOCOLS: readonly OtlpProtocol[] = ['grpc', 'http/protobuf', 'http/json'];
const EXPORTERS: readonly ExporterName[] = ['otlp', 'console', 'none'];
const TRACE_EXPORTERS: readonly ExporterName[] = [...EXPORTERS, 'tree'];
const TEMPORALITY_PREFERENCES: readonly TemporalityPreference[] = ['cumulative', 'delta', 'lowmemory'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Resolves the configuration; `warnings` holds one line per invalid value that was replaced by its default. */
export function resolveConfig(
  options: TelemetryOptions = {},
  env: Env = {},
): {
  config: TelemetryConfig;
  warnings: string[];
} {
  const warnings: string[] = [];
  const warn: WarningSink = (message) => warnings.push(message);
  checkVariableNames(env, warn);
  const resourceAttributes = {
    ...readKeyValueList('OTEL_RESOURCE_ATTRIBUTES', env.OTEL_RESOURCE_ATTRIBUTES, warn),
    ...options.resourceAttributes,
  };
  const serviceName =
    options.serviceName ??
    nonEmpty(env.OTEL_SERVICE_NAME) ??
    resourceAttributes['service.name'] ??
    'unknown_service:node';
  const config: TelemetryConfig = {
    disabled: options.disabled ?? readBoolean('OTEL_SDK_DISABLED', env.OTEL_SDK_DISABLED, false, warn),
    serviceName,
    serviceVersion: options.serviceVersion ?? resourceAttributes['service.version'],
    resourceAttributes,
    sampler: {
      name:
        options.sampler ??
        readChoice('OTEL_TRACES_SAMPLER', env.OTEL_TRACES_SAMPLER, SAMPLERS, 'parentbased_always_on', warn),
      ratio:
        options.samplerRatio ?? readRatio('OTEL_TRACES_SAMPLER_ARG', env.OTEL_TRACES_SAMPLER_ARG, 1, warn),
    },
    propagators: options.propagators ?? readPropagators(env.OTEL_PROPAGATORS, warn),
    traces: {
      ...resolveSignal('traces', options, env, warn),
      color: useColor(env, process.stdout.isTTY === true),
    },
    metrics: resolveSignal('metrics', options, env, warn),
    logs: resolveSignal('logs', options, env, warn),
    batchSpan: {
      scheduleDelayMs:
        options.batchSpan?.scheduleDelayMs ??
        readInteger('OTEL_BSP_SCHEDULE_DELAY', env.OTEL_BSP_SCHEDULE_DELAY, 5000, warn, true),
      maxQueueSize:
        options.batchSpan?.maxQueueSize ??
        readInteger('OTEL_BSP_MAX_QUEUE_SIZE', env.OTEL_BSP_MAX_QUEUE_SIZE, 2048, warn),
      maxExportBatchSize:
        options.batchSpan?.maxExportBatchSize ??
        readInteger('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE, 512, warn),
      exportTimeoutMs:
        options.batchSpan?.exportTimeoutMs ??
        readInteger('OTEL_BSP_EXPORT_TIMEOUT', env.OTEL_BSP_EXPORT_TIMEOUT, 30000, warn),
    },
    attributeValueLengthLimit:
      options.attributeValueLengthLimit ??
      readOptionalInteger('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', env.OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT, warn),
    attributeCountLimit:
      options.attributeCountLimit ??
      readInteger('OTEL_ATTRIBUTE_COUNT_LIMIT', env.OTEL_ATTRIBUTE_COUNT_LIMIT, 128, warn),
    metricExportIntervalMs:
      options.metricExportIntervalMs ??
      readInteger('OTEL_METRIC_EXPORT_INTERVAL', env.OTEL_METRIC_EXPORT_INTERVAL, 60000, warn),
    metricTemporality:
      options.metricTemporality ??
      readChoice(
        'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
        env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE,
        TEMPORALITY_PREFERENCES,
        'cumulative',
        warn,
      ),
    redactedQueryParams: (options.redactedQueryParams ?? DEFAULT_REDACTED_QUERY_PARAMS).map((p) =>
      p.toLowerCase(),
    ),
    clientTracing: options.clientTracing ?? true,
    runtimeMetrics: options.runtimeMetrics ?? true,
    logLevel: options.logLevel ?? readChoice('OTEL_LOG_LEVEL', env.OTEL_LOG_LEVEL, LOG_LEVELS, 'info', warn),
  };
  if (config.batchSpan.maxExportBatchSize > config.batchSpan.maxQueueSize) {
    warn(
      `OTEL_BSP_MAX_EXPORT_BATCH_SIZE (${config.batchSpan.maxExportBatchSize}) exceeds OTEL_BSP_MAX_QUEUE_SIZE (${config.batchSpan.maxQueueSize}); using ${config.batchSpan.maxQueueSize}`,
    );
    config.batchSpan.maxExportBatchSize = config.batchSpan.maxQueueSize;
  }
  return { config, warnings };
}

function nonEmpty(raw: string | undefined): string | undefined {
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function readOptionalInteger(name: string, raw: string | undefined, warn: WarningSink): number | undefined {
  const value = readInteger(name, raw, -1, warn);
  return value === -1 ? undefined : value;
}

function readPropagators(raw: string | undefined, warn: WarningSink): PropagatorName[] {
  const names = readList(raw);
  if (names === undefined) return ['tracecontext', 'baggage'];
  const out: PropagatorName[] = [];
  for (const name of names) {
    if (name === 'none') return [];
    if (name === 'tracecontext' || name === 'baggage') out.push(name);
    else
      warn(
        `OTEL_PROPAGATORS member ${JSON.stringify(name)} is not supported (tracecontext, baggage, none); skipping it`,
      );
  }
  return out;
}

/** OTEL_<SIGNAL>_EXPORTER takes a list; Skein pushes through the first supported entry. */
function readExporter(signal: Signal, raw: string | undefined, warn: WarningSink): ExporterName {
  const name = `OTEL_${signal.toUpperCase()}_EXPORTER`;
  const names = readList(raw);
  if (names === undefined) return 'otlp';
  const choices = signal === 'traces' ? TRACE_EXPORTERS : EXPORTERS;
  for (const entry of names) {
    if ((choices as readonly string[]).includes(entry)) return entry as ExporterName;
    // The Prometheus exposition is always served by telemetry.metricsHandler; it needs no push exporter.
    if (signal === 'metrics' && entry === 'prometheus') return 'none';
  }
  return readChoice(name, raw, choices, 'otlp', warn);
}

function resolveSignal(signal: Signal, options: TelemetryOptions, env: Env, warn: WarningSink): SignalExport {
  const upper = signal.toUpperCase();
  const own: SignalExportOptions = options[signal] ?? {};
  const protocol =
    own.protocol ??
    options.otlpProtocol ??
    readChoice(
      `OTEL_EXPORTER_OTLP_${upper}_PROTOCOL`,
      env[`OTEL_EXPORTER_OTLP_${upper}_PROTOCOL`],
      PROTOCOLS,
      readChoice(
        'OTEL_EXPORTER_OTLP_PROTOCOL',
        env.OTEL_EXPORTER_OTLP_PROTOCOL,
        PROTOCOLS,
        'http/protobuf',
        warn,
      ),
      warn,
    );
  const signalUrl = readUrl(
    `OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`,
    env[`OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`],
    warn,
  );
  const baseUrl =
    options.otlpEndpoint ?? readUrl('OTEL_EXPORTER_OTLP_ENDPOINT', env.OTEL_EXPORTER_OTLP_ENDPOINT, warn);
  const defaultBase = protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318';
  const endpoint =
    own.endpoint ??
    (options.otlpEndpoint === undefined ? signalUrl : undefined) ??
    signalEndpoint(baseUrl ?? defaultBase, signal, protocol);
  let exporter = own.exporter ?? readExporter(signal, env[`OTEL_${upper}_EXPORTER`], warn);
  if (exporter === 'tree' && signal !== 'traces') {
    warn(`the tree exporter renders traces only; using console for ${signal}`);
    exporter = 'console';
  }
  return {
    exporter,
    protocol,
    endpoint,
    headers: {
      ...readKeyValueList('OTEL_EXPORTER_OTLP_HEADERS', env.OTEL_EXPORTER_OTLP_HEADERS, warn),
      ...readKeyValueList(
        `OTEL_EXPORTER_OTLP_${upper}_HEADERS`,
        env[`OTEL_EXPORTER_OTLP_${upper}_HEADERS`],
        warn,
      ),
      ...options.otlpHeaders,
      ...own.headers,
    },
    timeoutMs:
      own.timeoutMs ??
      readInteger(
        `OTEL_EXPORTER_OTLP_${upper}_TIMEOUT`,
        env[`OTEL_EXPORTER_OTLP_${upper}_TIMEOUT`],
        readInteger('OTEL_EXPORTER_OTLP_TIMEOUT', env.OTEL_EXPORTER_OTLP_TIMEOUT, 10000, warn),
        warn,
      ),
  };
}

/** A base endpoint gets the signal path for the HTTP protocols (per the OTLP exporter spec); gRPC uses it as is. */
function signalEndpoint(base: string, signal: Signal, protocol: OtlpProtocol): string {
  const trimmed = base.endsWith('/') ? base.slice(0, -1) : base;
  return protocol === 'grpc' ? trimmed : `${trimmed}/v1/${signal}`;
}
