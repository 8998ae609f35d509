// Translates a parsed declarative configuration (the opentelemetry-configuration schema, file_format 1.x) into
// setupTelemetry() options. Every property Skein does not carry out is reported by its path, so a file never
// silently means less than it says.
import type { AttributeValue } from '@opentelemetry/api';
import { PROPAGATORS } from '../resolve-lists.js';
import type { DiagLevelName, ResourceDetectorName, SamplerName, Signal } from '../telemetry-config.js';
import type { SignalExportOptions, TelemetryOptions } from '../telemetry-options.js';

type Mapping = Record<string, unknown>;

/** Collects the paths of unsupported or invalid parts while reading the model. */
class ModelReader {
  readonly problems: string[] = [];

  /** The mapping at `path` (undefined when absent or null); keys outside `known` are reported. */
  mapping(value: unknown, path: string, known: readonly string[]): Mapping | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problems.push(`${path} (not a mapping)`);
      return undefined;
    }
    for (const key of Object.keys(value)) if (!known.includes(key)) this.problems.push(`${path}.${key}`);
    return value as Mapping;
  }

  list(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.problems.push(`${path} (not a list)`);
    return [];
  }

  /** The one key of a `{ name: {...} }` choice (a processor, an exporter, a sampler). */
  choice(value: unknown, path: string, known: readonly string[]): [string, unknown] | undefined {
    const entries = Object.entries(this.mapping(value, path, known) ?? {});
    if (entries.length === 1) return entries[0];
    if (entries.length > 1)
      this.problems.push(`${path} (more than one of ${entries.map(([k]) => k).join(', ')})`);
    return undefined;
  }

  integer(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (Number.isInteger(value) && (value as number) >= 0) return value as number;
    this.problems.push(`${path} (not a non-negative integer)`);
    return undefined;
  }

  number(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    this.problems.push(`${path} (not a number)`);
    return undefined;
  }

  string(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.problems.push(`${path} (not a string)`);
    return undefined;
  }

  oneOf<T extends string>(value: unknown, path: string, choices: readonly T[]): T | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    if ((choices as readonly string[]).includes(text)) return text as T;
    this.problems.push(`${path}: ${JSON.stringify(text)} (one of ${choices.join(', ')})`);
    return undefined;
  }
}

const DIAG_LEVELS: Readonly<Record<string, DiagLevelName>> = {
  none: 'none',
  fatal: 'error',
  error: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'verbose',
  verbose: 'verbose',
  all: 'all',
};

/** The schema's detectors, in Skein's (and the JS SDK's) names. */
const DETECTORS: Readonly<Record<string, ResourceDetectorName[]>> = {
  container: ['container'],
  host: ['host', 'os'],
  process: ['process'],
  service: ['serviceinstance'],
  aws: ['aws'],
  azure: ['azure'],
  gcp: ['gcp'],
  alibaba: ['alibaba'],
};

const BATCH_KEYS = [
  'schedule_delay',
  'export_timeout',
  'max_queue_size',
  'max_export_batch_size',
  'exporter',
];
const OTLP_KEYS = ['endpoint', 'tls', 'headers', 'headers_list', 'compression', 'timeout'];

export function configFileOptions(model: unknown): { options: TelemetryOptions; unsupported: string[] } {
  const read = new ModelReader();
  const options: TelemetryOptions = {};
  const root = read.mapping(model, '(file)', [
    'file_format',
    'disabled',
    'log_level',
    'resource',
    'attribute_limits',
    'propagator',
    'tracer_provider',
    'meter_provider',
    'logger_provider',
  ]);
  if (root === undefined) return { options, unsupported: ['an empty file (file_format is required)'] };
  const format = read.string(root.file_format, 'file_format');
  if (format === undefined || !/^1\.\d+/.test(format))
    read.problems.push(`file_format ${JSON.stringify(format ?? null)} (Skein reads 1.x)`);
  if (root.disabled !== undefined && root.disabled !== null) {
    if (typeof root.disabled === 'boolean') options.disabled = root.disabled;
    else read.problems.push('disabled (not a boolean)');
  }
  const level = read.string(root.log_level, 'log_level');
  if (level !== undefined) {
    options.diagLogLevel = DIAG_LEVELS[level];
    if (options.diagLogLevel === undefined) read.problems.push(`log_level: ${JSON.stringify(level)}`);
  }
  readResource(read, root.resource, options);
  const limits = read.mapping(root.attribute_limits, 'attribute_limits', [
    'attribute_value_length_limit',
    'attribute_count_limit',
  ]);
  const lengthLimit = read.integer(
    limits?.attribute_value_length_limit,
    'attribute_limits.attribute_value_length_limit',
  );
  const countLimit = read.integer(limits?.attribute_count_limit, 'attribute_limits.attribute_count_limit');
  if (lengthLimit !== undefined) options.attributeValueLengthLimit = lengthLimit;
  if (countLimit !== undefined) options.attributeCountLimit = countLimit;
  readPropagator(read, root.propagator, options);
  readTracerProvider(read, root.tracer_provider, options);
  readMeterProvider(read, root.meter_provider, options);
  readLoggerProvider(read, root.logger_provider, options);
  return { options, unsupported: read.problems };
}

function readResource(read: ModelReader, value: unknown, options: TelemetryOptions): void {
  const resource = read.mapping(value, 'resource', [
    'attributes',
    'attributes_list',
    'detection/development',
  ]);
  const attributes: Record<string, AttributeValue> = {};
  const list = read.string(resource?.attributes_list, 'resource.attributes_list');
  for (const member of list?.split(',') ?? []) {
    const eq = member.indexOf('=');
    if (eq <= 0) {
      if (member.trim() !== '')
        read.problems.push(`resource.attributes_list member ${JSON.stringify(member)}`);
      continue;
    }
    attributes[member.slice(0, eq).trim()] = decodeURIComponent(member.slice(eq + 1).trim());
  }
  read.list(resource?.attributes, 'resource.attributes').forEach((entry, i) => {
    const path = `resource.attributes[${i}]`;
    const attribute = read.mapping(entry, path, ['name', 'value', 'type']);
    const name = read.string(attribute?.name, `${path}.name`);
    const item = attribute?.value;
    const scalar = (v: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof v);
    if (name === undefined || !(scalar(item) || (Array.isArray(item) && item.every(scalar)))) {
      read.problems.push(`${path} (needs a name and a scalar or list value)`);
      return;
    }
    attributes[name] = item as AttributeValue;
  });
  if (typeof attributes['service.name'] === 'string') options.serviceName = attributes['service.name'];
  options.resourceAttributes = attributes;
  const detection = read.mapping(resource?.['detection/development'], 'resource.detection/development', [
    'detectors',
  ]);
  const detectors: ResourceDetectorName[] = [];
  read.list(detection?.detectors, 'resource.detection/development.detectors').forEach((entry, i) => {
    const chosen = read.choice(
      entry,
      `resource.detection/development.detectors[${i}]`,
      Object.keys(DETECTORS),
    );
    if (chosen !== undefined) detectors.push(...DETECTORS[chosen[0]]!);
  });
  // Without detection/development the schema detects nothing; service.name and the file's attributes remain.
  options.resourceDetectors = detectors;
}

function readPropagator(read: ModelReader, value: unknown, options: TelemetryOptions): void {
  const propagator = read.mapping(value, 'propagator', ['composite', 'composite_list']);
  const names: string[] = [];
  read.list(propagator?.composite, 'propagator.composite').forEach((entry, i) => {
    const chosen = read.choice(entry, `propagator.composite[${i}]`, PROPAGATORS);
    if (chosen !== undefined) names.push(chosen[0]);
  });
  const list = read.string(propagator?.composite_list, 'propagator.composite_list');
  for (const name of list?.split(',') ?? []) if (name.trim() !== '') names.push(name.trim().toLowerCase());
  // Validated with the OTEL_PROPAGATORS rules when the options are resolved.
  options.propagators = names as TelemetryOptions['propagators'];
}

function readTracerProvider(read: ModelReader, value: unknown, options: TelemetryOptions): void {
  const provider = read.mapping(value, 'tracer_provider', ['processors', 'limits', 'sampler']);
  if (provider === undefined) {
    options.traces = { exporter: 'none' };
    return;
  }
  const batch = readOneBatch(read, provider.processors, 'tracer_provider.processors');
  options.traces = batch.exporter;
  options.batchSpan = batch.settings;
  const path = 'tracer_provider.limits';
  const limits = read.mapping(provider.limits, path, [
    'attribute_value_length_limit',
    'attribute_count_limit',
    'event_count_limit',
    'link_count_limit',
    'event_attribute_count_limit',
    'link_attribute_count_limit',
  ]);
  const spanLimits = {
    attributeValueLengthLimit: read.integer(
      limits?.attribute_value_length_limit,
      `${path}.attribute_value_length_limit`,
    ),
    attributeCountLimit: read.integer(limits?.attribute_count_limit, `${path}.attribute_count_limit`),
    eventCountLimit: read.integer(limits?.event_count_limit, `${path}.event_count_limit`),
    linkCountLimit: read.integer(limits?.link_count_limit, `${path}.link_count_limit`),
    attributePerEventCountLimit: read.integer(
      limits?.event_attribute_count_limit,
      `${path}.event_attribute_count_limit`,
    ),
    attributePerLinkCountLimit: read.integer(
      limits?.link_attribute_count_limit,
      `${path}.link_attribute_count_limit`,
    ),
  };
  options.spanLimits = Object.fromEntries(Object.entries(spanLimits).filter(([, v]) => v !== undefined));
  readSampler(read, provider.sampler, options);
}

const SAMPLERS = ['always_on', 'always_off', 'trace_id_ratio_based', 'parent_based'];

function readSampler(read: ModelReader, value: unknown, options: TelemetryOptions): void {
  const chosen = read.choice(value, 'tracer_provider.sampler', SAMPLERS);
  if (chosen === undefined) return;
  const [name, settings] = chosen;
  const root =
    name === 'parent_based'
      ? read.choice(
          read.mapping(settings, 'tracer_provider.sampler.parent_based', ['root'])?.root ?? {
            always_on: null,
          },
          'tracer_provider.sampler.parent_based.root',
          ['always_on', 'always_off', 'trace_id_ratio_based'],
        )
      : chosen;
  if (root === undefined) return;
  const rootPath =
    name === 'parent_based' ? 'tracer_provider.sampler.parent_based.root' : 'tracer_provider.sampler';
  const base = { always_on: 'always_on', always_off: 'always_off', trace_id_ratio_based: 'traceidratio' }[
    root[0] as 'always_on'
  ];
  options.sampler = (name === 'parent_based' ? `parentbased_${base}` : base) as SamplerName;
  if (root[0] === 'trace_id_ratio_based') {
    const ratioPath = `${rootPath}.trace_id_ratio_based`;
    const ratio = read.number(read.mapping(root[1], ratioPath, ['ratio'])?.ratio, `${ratioPath}.ratio`);
    if (ratio !== undefined) options.samplerRatio = ratio;
  }
}

function readMeterProvider(read: ModelReader, value: unknown, options: TelemetryOptions): void {
  const provider = read.mapping(value, 'meter_provider', ['readers']);
  options.metrics = { exporter: 'none' };
  if (provider === undefined) return;
  let periodic = 0;
  read.list(provider.readers, 'meter_provider.readers').forEach((entry, i) => {
    const path = `meter_provider.readers[${i}]`;
    const reader = read.choice(entry, path, ['periodic', 'pull']);
    if (reader?.[0] === 'pull') {
      // The Prometheus exposition is always served by telemetry.metricsHandler, never on a port of its own.
      const pull = read.mapping(reader[1], `${path}.pull`, ['exporter']);
      const exporter = read.mapping(pull?.exporter, `${path}.pull.exporter`, ['prometheus/development']);
      read.mapping(exporter?.['prometheus/development'], `${path}.pull.exporter.prometheus/development`, []);
    } else if (reader?.[0] === 'periodic') {
      if (periodic++ > 0) {
        read.problems.push(`${path} (Skein pushes metrics through one periodic reader)`);
        return;
      }
      const settings = read.mapping(reader[1], `${path}.periodic`, ['interval', 'timeout', 'exporter']);
      const interval = read.integer(settings?.interval, `${path}.periodic.interval`);
      const timeout = read.integer(settings?.timeout, `${path}.periodic.timeout`);
      if (interval !== undefined) options.metricExportIntervalMs = interval;
      if (timeout !== undefined) options.metricExportTimeoutMs = timeout;
      options.metrics = readExporter(
        read,
        settings?.exporter,
        `${path}.periodic.exporter`,
        'metrics',
        options,
      );
    }
  });
}

function readLoggerProvider(read: ModelReader, value: unknown, options: TelemetryOptions): void {
  const provider = read.mapping(value, 'logger_provider', ['processors', 'limits']);
  if (provider === undefined) {
    options.logs = { exporter: 'none' };
    return;
  }
  const batch = readOneBatch(read, provider.processors, 'logger_provider.processors');
  options.logs = batch.exporter;
  options.batchLogRecord = batch.settings;
  const path = 'logger_provider.limits';
  const limits = read.mapping(provider.limits, path, [
    'attribute_value_length_limit',
    'attribute_count_limit',
  ]);
  const logRecordLimits = {
    attributeValueLengthLimit: read.integer(
      limits?.attribute_value_length_limit,
      `${path}.attribute_value_length_limit`,
    ),
    attributeCountLimit: read.integer(limits?.attribute_count_limit, `${path}.attribute_count_limit`),
  };
  options.logRecordLimits = Object.fromEntries(
    Object.entries(logRecordLimits).filter(([, v]) => v !== undefined),
  );
}

/** A provider's processors: Skein exports each signal through exactly one batch processor. */
function readOneBatch(
  read: ModelReader,
  value: unknown,
  path: string,
): { exporter: SignalExportOptions; settings: TelemetryOptions['batchSpan'] } {
  const processors = read.list(value, path);
  processors
    .slice(1)
    .forEach((_, i) =>
      read.problems.push(`${path}[${i + 1}] (Skein exports a signal through one processor)`),
    );
  if (processors.length === 0) return { exporter: { exporter: 'none' }, settings: {} };
  const processor = read.choice(processors[0], `${path}[0]`, ['batch']);
  if (processor === undefined) return { exporter: { exporter: 'none' }, settings: {} };
  const batchPath = `${path}[0].batch`;
  const batch = read.mapping(processor[1], batchPath, BATCH_KEYS);
  const settings: TelemetryOptions['batchSpan'] = {};
  const delay = read.integer(batch?.schedule_delay, `${batchPath}.schedule_delay`);
  const timeout = read.integer(batch?.export_timeout, `${batchPath}.export_timeout`);
  const queue = read.integer(batch?.max_queue_size, `${batchPath}.max_queue_size`);
  const size = read.integer(batch?.max_export_batch_size, `${batchPath}.max_export_batch_size`);
  if (delay !== undefined) settings.scheduleDelayMs = delay;
  if (timeout !== undefined) settings.exportTimeoutMs = timeout;
  if (queue !== undefined) settings.maxQueueSize = queue;
  if (size !== undefined) settings.maxExportBatchSize = size;
  const signal: Signal = path.startsWith('tracer') ? 'traces' : 'logs';
  return { exporter: readExporter(read, batch?.exporter, `${batchPath}.exporter`, signal), settings };
}

function readExporter(
  read: ModelReader,
  value: unknown,
  path: string,
  signal: Signal,
  options?: TelemetryOptions,
): SignalExportOptions {
  const chosen = read.choice(value, path, ['otlp_http', 'otlp_grpc', 'console']);
  if (chosen === undefined) return { exporter: 'none' };
  const [kind, settings] = chosen;
  if (kind === 'console') {
    read.mapping(settings, `${path}.console`, []);
    return { exporter: 'console' };
  }
  const exporterPath = `${path}.${kind}`;
  const metricKeys = signal === 'metrics' ? ['temporality_preference', 'default_histogram_aggregation'] : [];
  const known = [...OTLP_KEYS, ...(kind === 'otlp_http' ? ['encoding'] : []), ...metricKeys];
  const otlp = read.mapping(settings, exporterPath, known) ?? {};
  const out: SignalExportOptions = { exporter: 'otlp' };
  const tls = read.mapping(otlp.tls, `${exporterPath}.tls`, [
    'certificate_file',
    'client_key_file',
    'client_certificate_file',
    'ca_file',
    'key_file',
    'cert_file',
    'insecure',
  ]);
  const file = (a: string, b: string): string | undefined =>
    read.string(tls?.[a], `${exporterPath}.tls.${a}`) ?? read.string(tls?.[b], `${exporterPath}.tls.${b}`);
  const ca = file('certificate_file', 'ca_file');
  const key = file('client_key_file', 'key_file');
  const cert = file('client_certificate_file', 'cert_file');
  if (ca !== undefined) out.certificateFile = ca;
  if (key !== undefined) out.clientKeyFile = key;
  if (cert !== undefined) out.clientCertificateFile = cert;
  let endpoint = read.string(otlp.endpoint, `${exporterPath}.endpoint`);
  if (kind === 'otlp_grpc') {
    out.protocol = 'grpc';
    // Only a scheme-less gRPC endpoint consults `insecure`, as the schema says.
    if (endpoint !== undefined && !/^[a-z]+:\/\//i.test(endpoint))
      endpoint = `${tls?.insecure === true ? 'http' : 'https'}://${endpoint}`;
    endpoint ??= 'http://localhost:4317';
  } else {
    const encoding = read.oneOf(otlp.encoding, `${exporterPath}.encoding`, ['protobuf', 'json']);
    out.protocol = encoding === 'json' ? 'http/json' : 'http/protobuf';
    endpoint ??= `http://localhost:4318/v1/${signal}`;
  }
  out.endpoint = endpoint;
  const headers: Record<string, string> = {};
  const headersList = read.string(otlp.headers_list, `${exporterPath}.headers_list`);
  for (const member of headersList?.split(',') ?? []) {
    const eq = member.indexOf('=');
    if (eq > 0) headers[member.slice(0, eq).trim()] = decodeURIComponent(member.slice(eq + 1).trim());
  }
  read.list(otlp.headers, `${exporterPath}.headers`).forEach((entry, i) => {
    const pair = read.mapping(entry, `${exporterPath}.headers[${i}]`, ['name', 'value']);
    const name = read.string(pair?.name, `${exporterPath}.headers[${i}].name`);
    const headerValue = read.string(pair?.value, `${exporterPath}.headers[${i}].value`);
    if (name !== undefined && headerValue !== undefined) headers[name] = headerValue;
  });
  out.headers = headers;
  const compression = read.oneOf(otlp.compression, `${exporterPath}.compression`, ['gzip', 'none']);
  if (compression !== undefined) out.compression = compression;
  const timeout = read.integer(otlp.timeout, `${exporterPath}.timeout`);
  if (timeout !== undefined) out.timeoutMs = timeout;
  if (signal === 'metrics' && options !== undefined) {
    const temporality = read.oneOf(otlp.temporality_preference, `${exporterPath}.temporality_preference`, [
      'cumulative',
      'delta',
      'low_memory',
    ]);
    if (temporality !== undefined)
      options.metricTemporality = temporality === 'low_memory' ? 'lowmemory' : temporality;
    read.oneOf(otlp.default_histogram_aggregation, `${exporterPath}.default_histogram_aggregation`, [
      'explicit_bucket_histogram',
    ]);
  }
  return out;
}
