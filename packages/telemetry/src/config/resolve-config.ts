// The one place where OTEL_* variables are read: env (or the OTEL_CONFIG_FILE it names) + explicit options → a
// validated TelemetryConfig.
import {
  noLimitIfZero,
  readBoolean,
  readChoice,
  readInteger,
  readKeyValueList,
  readList,
  readRatio,
  readTimeout,
  type WarningSink,
} from './env-value.js';
import { useColor } from '../export/trace-tree/color.js';
import { isInstalled } from '../optional/optional-package.js';
import { readConfigFile } from './config-file/read-config-file.js';
import { resolveLimits } from './resolve-limits.js';
import { DETECTOR_PACKAGES, readPropagators, readResourceDetectors } from './resolve-lists.js';
import { resolveSignal } from './resolve-signal.js';
import { checkVariableNames } from './variable-names.js';
import {
  DEFAULT_REDACTED_QUERY_PARAMS,
  type BatchConfig,
  type DiagLevelName,
  type SamplerName,
  type TelemetryConfig,
  type TemporalityPreference,
} from './telemetry-config.js';
import type { TelemetryOptions } from './telemetry-options.js';

type Env = Record<string, string | undefined>;

const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];
const TEMPORALITY_PREFERENCES: readonly TemporalityPreference[] = ['cumulative', 'delta', 'lowmemory'];
const DIAG_LEVELS: readonly DiagLevelName[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];
const APP_LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Resolves the configuration; `warnings` holds one line per invalid value that was replaced by its default.
 * With OTEL_CONFIG_FILE set, the file's settings are the options' defaults and every other variable is ignored
 * (the file reaches them through `${VAR}` substitution), as the declarative configuration spec requires; a file
 * that cannot be read or asks for what Skein does not support throws a TelemetryError.
 */
export function resolveConfig(
  options: TelemetryOptions = {},
  env: Env = {},
): {
  config: TelemetryConfig;
  warnings: string[];
} {
  const warnings: string[] = [];
  const warn: WarningSink = (message) => {
    if (!warnings.includes(message)) warnings.push(message);
  };
  const configFile = nonEmpty(env.OTEL_CONFIG_FILE) ?? nonEmpty(env.OTEL_EXPERIMENTAL_CONFIG_FILE);
  if (configFile !== undefined) {
    const fromFile = readConfigFile(configFile, env);
    // Only the variables that are not the SDK's still apply (SKEIN_LOG_LEVEL, FORCE_COLOR, NO_COLOR).
    const others = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('OTEL_')));
    const config = resolveFrom({ ...fromFile, ...options }, others, warn);
    return { config: { ...config, configFile }, warnings };
  }
  checkVariableNames(env, warn);
  return { config: resolveFrom(options, env, warn), warnings };
}

function resolveFrom(options: TelemetryOptions, env: Env, warn: WarningSink): TelemetryConfig {
  const resourceDetectors = readResourceDetectors(
    options.resourceDetectors ?? env.OTEL_NODE_RESOURCE_DETECTORS,
    (name) => isInstalled(DETECTOR_PACKAGES[name]!),
    warn,
  );
  const resourceAttributes = {
    ...(resourceDetectors.includes('env')
      ? readKeyValueList('OTEL_RESOURCE_ATTRIBUTES', env.OTEL_RESOURCE_ATTRIBUTES, warn)
      : {}),
    ...options.resourceAttributes,
  };
  const namedInAttributes = resourceAttributes['service.name'];
  const serviceName =
    options.serviceName ??
    nonEmpty(env.OTEL_SERVICE_NAME) ??
    (typeof namedInAttributes === 'string' ? namedInAttributes : undefined) ??
    'unknown_service:node';
  const version = resourceAttributes['service.version'];
  const metricExportIntervalMs =
    options.metricExportIntervalMs ??
    readInteger('OTEL_METRIC_EXPORT_INTERVAL', env.OTEL_METRIC_EXPORT_INTERVAL, 60000, warn);
  const metricExportTimeoutMs =
    options.metricExportTimeoutMs !== undefined
      ? noLimitIfZero(options.metricExportTimeoutMs)
      : readTimeout('OTEL_METRIC_EXPORT_TIMEOUT', env.OTEL_METRIC_EXPORT_TIMEOUT, 30000, warn);
  const config: TelemetryConfig = {
    disabled: options.disabled ?? readBoolean('OTEL_SDK_DISABLED', env.OTEL_SDK_DISABLED, false, warn),
    serviceName,
    serviceVersion: options.serviceVersion ?? (typeof version === 'string' ? version : undefined),
    resourceAttributes,
    resourceDetectors,
    sampler: {
      name:
        options.sampler ??
        readChoice('OTEL_TRACES_SAMPLER', env.OTEL_TRACES_SAMPLER, SAMPLERS, 'parentbased_always_on', warn),
      ratio:
        options.samplerRatio ?? readRatio('OTEL_TRACES_SAMPLER_ARG', env.OTEL_TRACES_SAMPLER_ARG, 1, warn),
    },
    propagators: readPropagators(options.propagators ?? readList(env.OTEL_PROPAGATORS), warn),
    traces: {
      ...resolveSignal('traces', options, env, warn),
      color: useColor(env, process.stdout.isTTY === true),
    },
    metrics: resolveSignal('metrics', options, env, warn),
    logs: resolveSignal('logs', options, env, warn),
    batchSpan: resolveBatch('BSP', options.batchSpan, 5000, env, warn),
    batchLogRecord: resolveBatch('BLRP', options.batchLogRecord, 1000, env, warn),
    ...resolveLimits(options, env, warn),
    metricExportIntervalMs,
    metricExportTimeoutMs: Math.min(metricExportTimeoutMs, metricExportIntervalMs),
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
    logLevel:
      options.logLevel ?? readChoice('SKEIN_LOG_LEVEL', env.SKEIN_LOG_LEVEL, APP_LOG_LEVELS, 'info', warn),
    diagLogLevel: options.diagLogLevel ?? readDiagLevel(env.OTEL_LOG_LEVEL, warn),
    configFile: undefined,
  };
  return config;
}

/** OTEL_BSP_* or OTEL_BLRP_*; a batch larger than the queue is lowered to the queue size. */
function resolveBatch(
  prefix: 'BSP' | 'BLRP',
  own: Partial<BatchConfig> | undefined,
  defaultDelayMs: number,
  env: Env,
  warn: WarningSink,
): BatchConfig {
  const name = (setting: string): string => `OTEL_${prefix}_${setting}`;
  const batch: BatchConfig = {
    scheduleDelayMs:
      own?.scheduleDelayMs ??
      readInteger(name('SCHEDULE_DELAY'), env[name('SCHEDULE_DELAY')], defaultDelayMs, warn, true),
    maxQueueSize:
      own?.maxQueueSize ?? readInteger(name('MAX_QUEUE_SIZE'), env[name('MAX_QUEUE_SIZE')], 2048, warn),
    maxExportBatchSize:
      own?.maxExportBatchSize ??
      readInteger(name('MAX_EXPORT_BATCH_SIZE'), env[name('MAX_EXPORT_BATCH_SIZE')], 512, warn),
    exportTimeoutMs:
      own?.exportTimeoutMs !== undefined
        ? noLimitIfZero(own.exportTimeoutMs)
        : readTimeout(name('EXPORT_TIMEOUT'), env[name('EXPORT_TIMEOUT')], 30000, warn),
  };
  if (batch.maxExportBatchSize > batch.maxQueueSize) {
    warn(
      `${name('MAX_EXPORT_BATCH_SIZE')} (${batch.maxExportBatchSize}) exceeds ${name('MAX_QUEUE_SIZE')} (${batch.maxQueueSize}); using ${batch.maxQueueSize}`,
    );
    batch.maxExportBatchSize = batch.maxQueueSize;
  }
  return batch;
}

/** OTEL_LOG_LEVEL; a pino-only level (the app logger's) gets a pointer to SKEIN_LOG_LEVEL. */
function readDiagLevel(raw: string | undefined, warn: WarningSink): DiagLevelName {
  const value = raw?.trim().toLowerCase();
  if (value !== undefined && !(DIAG_LEVELS as readonly string[]).includes(value) && value !== '') {
    if ((APP_LOG_LEVELS as readonly string[]).includes(value)) {
      warn(
        `OTEL_LOG_LEVEL=${JSON.stringify(raw)} is not an SDK diagnostics level (${DIAG_LEVELS.join(', ')}); the application logger's level is SKEIN_LOG_LEVEL; using info`,
      );
      return 'info';
    }
  }
  return readChoice('OTEL_LOG_LEVEL', raw, DIAG_LEVELS, 'info', warn);
}

function nonEmpty(raw: string | undefined): string | undefined {
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}
