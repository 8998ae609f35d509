// Where and how one signal is exported: OTEL_<SIGNAL>_EXPORTER and the OTEL_EXPORTER_OTLP_[SIGNAL_]* settings
// (endpoint, protocol, headers, timeout, compression, certificates), options first, the signal's own variable
// next, the general one last.
import {
  readChoice,
  readKeyValueList,
  readList,
  readTimeout,
  readUrl,
  noLimitIfZero,
  type WarningSink,
} from './env-value.js';
import { readTlsSettings, type TlsFileSource } from './read-tls-files.js';
import type { Compression, ExporterName, OtlpProtocol, Signal, SignalExport } from './telemetry-config.js';
import type { SignalExportOptions, TelemetryOptions } from './telemetry-options.js';

type Env = Record<string, string | undefined>;

export const PROTOCOLS: readonly OtlpProtocol[] = ['grpc', 'http/protobuf', 'http/json'];
const EXPORTERS: readonly ExporterName[] = ['otlp', 'console', 'none'];
const TRACE_EXPORTERS: readonly ExporterName[] = [...EXPORTERS, 'tree'];
const COMPRESSIONS: readonly Compression[] = ['gzip', 'none'];
const DEFAULT_TIMEOUT_MS = 10_000;

/** Reads the signal's variable, falling back on the general one (OTEL_EXPORTER_OTLP_TRACES_X, then _X). */
function specificThenGeneral<T>(
  upper: string,
  setting: string,
  env: Env,
  read: (name: string, raw: string | undefined, fallback: T) => T,
  fallback: T,
): T {
  const general = `OTEL_EXPORTER_OTLP_${setting}`;
  const specific = `OTEL_EXPORTER_OTLP_${upper}_${setting}`;
  return read(specific, env[specific], read(general, env[general], fallback));
}

export function resolveSignal(
  signal: Signal,
  options: TelemetryOptions,
  env: Env,
  warn: WarningSink,
): SignalExport {
  const upper = signal.toUpperCase();
  const own: SignalExportOptions = options[signal] ?? {};
  const protocol =
    own.protocol ??
    options.otlpProtocol ??
    specificThenGeneral<OtlpProtocol>(
      upper,
      'PROTOCOL',
      env,
      (name, raw, fallback) => readChoice(name, raw, PROTOCOLS, fallback, warn),
      'http/protobuf',
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
  const tlsSource = (setting: string, option: string | undefined): TlsFileSource | undefined => {
    if (option !== undefined) return { name: `${signal}.${optionName(setting)}`, path: option };
    for (const name of [`OTEL_EXPORTER_OTLP_${upper}_${setting}`, `OTEL_EXPORTER_OTLP_${setting}`]) {
      const path = env[name]?.trim();
      if (path) return { name, path };
    }
    return undefined;
  };
  const tls = readTlsSettings(
    {
      ca: tlsSource('CERTIFICATE', own.certificateFile),
      cert: tlsSource('CLIENT_CERTIFICATE', own.clientCertificateFile),
      key: tlsSource('CLIENT_KEY', own.clientKeyFile),
    },
    exporter === 'otlp' && !endpoint.startsWith('https:') ? new URL(endpoint).origin : undefined,
    warn,
  );
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
      own.timeoutMs !== undefined
        ? noLimitIfZero(own.timeoutMs)
        : specificThenGeneral(
            upper,
            'TIMEOUT',
            env,
            (name, raw, fallback) => readTimeout(name, raw, fallback, warn),
            DEFAULT_TIMEOUT_MS,
          ),
    compression:
      own.compression ??
      specificThenGeneral<Compression>(
        upper,
        'COMPRESSION',
        env,
        (name, raw, fallback) => readChoice(name, raw, COMPRESSIONS, fallback, warn),
        'none',
      ),
    tls,
  };
}

function optionName(setting: string): string {
  return (
    { CERTIFICATE: 'certificateFile', CLIENT_CERTIFICATE: 'clientCertificateFile' }[setting] ??
    'clientKeyFile'
  );
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

/** A base endpoint gets the signal path for the HTTP protocols (per the OTLP exporter spec); gRPC uses it as is. */
export function signalEndpoint(base: string, signal: Signal, protocol: OtlpProtocol): string {
  const trimmed = base.endsWith('/') ? base.slice(0, -1) : base;
  return protocol === 'grpc' ? trimmed : `${trimmed}/v1/${signal}`;
}
