// setupTelemetry(): resolves the configuration once and wires traces, metrics and logs on the OpenTelemetry SDK.
import {
  context,
  metrics,
  propagation,
  ProxyTracerProvider,
  trace,
  createNoopMeter,
} from '@opentelemetry/api';
import { logs, type Logger as OtelLogger } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import {
  type AggregationTemporality,
  InstrumentType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricReader,
} from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { readProcessEnv } from './config/process-env.js';
import { resolveConfig } from './config/resolve-config.js';
import type { SignalExport, TelemetryConfig } from './config/telemetry-config.js';
import type { TelemetryOptions } from './config/telemetry-options.js';
import {
  createLogExporter,
  createMetricExporter,
  createSpanExporter,
  postOptions,
} from './export/create-exporters.js';
import { OtlpProtoBatchProcessor } from './export/otlp-proto/otlp-proto-batch-processor.js';
import { globalTracerProviderTaken, SECOND_SDK_WARNING } from './global-tracer-provider.js';
import { RateLimitedReporter } from './export/rate-limited-reporter.js';
import { ClientTracing } from './http/client-tracing.js';
import { UrlRedactor } from './http/redaction.js';
import { NodeHttpServerInstrumentation } from './http/server-instrumentation.js';
import { createCorrelatedLogger, defaultDestination } from './logs/correlated-logger.js';
import { AggregatedHistogramProducer } from './metrics/aggregated-histogram.js';
import {
  ActiveRequests,
  createHttpClientDuration,
  createHttpServerDuration,
} from './metrics/http-metrics.js';
import { startRuntimeMetrics } from './metrics/runtime-metrics.js';
import { createPropagator } from './propagation/create-propagator.js';
import { createResource } from './resource.js';
import { createSampler } from './sampler.js';
import { INSTRUMENTATION_SCOPE } from './instrumentation-scope.js';
import { LeanTracer, type LeanSpanLimits } from './span/lean-tracer.js';
import type { Telemetry } from './telemetry.js';
import { TelemetryRuntime, type FlushableProvider } from './telemetry-runtime.js';

/**
 * Sets up traces, metrics and logs from the OTEL_* variables; `options` override the environment. Throws a
 * TelemetryError, before anything is started, when the configuration names an optional package that is not
 * installed or an OTEL_CONFIG_FILE it cannot carry out.
 *
 * @example
 * const telemetry = setupTelemetry({ serviceName: 'shop-api' });
 * process.once('SIGTERM', () => void telemetry.shutdown().then(() => process.exit(0)));
 */
export function setupTelemetry(options: TelemetryOptions = {}): Telemetry {
  const write = options.warn ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const { config, warnings } = resolveConfig(options, options.env ?? readProcessEnv());
  for (const warning of warnings) write(`[skein/telemetry] ${warning}`);
  const destination = options.logDestination ?? defaultDestination();
  const flushLogs = (): void => {
    const flushable = destination as { flushSync?: () => void };
    try {
      flushable.flushSync?.();
    } catch {
      // nothing buffered, or stdout already closed
    }
  };
  return config.disabled
    ? disabledTelemetry(config, destination, flushLogs)
    : startSdk(config, options, write, destination, flushLogs);
}

function disabledTelemetry(
  config: TelemetryConfig,
  destination: Parameters<typeof createCorrelatedLogger>[0]['destination'],
  flushLogs: () => void,
): Telemetry {
  const tracer = new ProxyTracerProvider().getTracer(
    INSTRUMENTATION_SCOPE.name,
    INSTRUMENTATION_SCOPE.version,
  );
  const meter = createNoopMeter();
  return new TelemetryRuntime({
    serviceName: config.serviceName,
    enabled: false,
    tracer,
    meter,
    logger: createCorrelatedLogger({
      level: config.logLevel,
      serviceName: config.serviceName,
      destination,
      otelLogger: undefined,
    }),
    flushLogs,
    httpServer: new NodeHttpServerInstrumentation(
      tracer,
      createPropagator([]),
      { duration: createHttpServerDuration(), activeRequests: new ActiveRequests(meter) },
      new UrlRedactor(config.redactedQueryParams),
    ),
    prometheus: undefined,
    providers: [],
    reportError: () => undefined,
    stops: [],
  });
}

function startSdk(
  config: TelemetryConfig,
  options: TelemetryOptions,
  write: (line: string) => void,
  destination: Parameters<typeof createCorrelatedLogger>[0]['destination'],
  flushLogs: () => void,
): Telemetry {
  // Everything that can fail on a missing optional package comes first, so a failure leaves nothing started.
  const resource = createResource(config);
  const propagator = createPropagator(config.propagators);
  const traceExporter = isOtlpProto(config.traces) ? undefined : createSpanExporter(config.traces);
  const metricExporter = createMetricExporter(config.metrics, config.metricTemporality);
  const logExporter = createLogExporter(config.logs);

  const reporter = new RateLimitedReporter(write);
  reporter.install(config.diagLogLevel);
  installContextManager();
  const redactor = new UrlRedactor(config.redactedQueryParams);

  // The HTTP duration histograms are aggregated by the instrumentation itself and read through a producer.
  const serverDuration = createHttpServerDuration();
  const clientDuration = createHttpClientDuration();
  // Each reader gets its own producer, in the temporality its exporter asks of histograms (Prometheus: cumulative).
  const histogramProducers = (temporality?: AggregationTemporality) => [
    new AggregatedHistogramProducer(
      resource,
      INSTRUMENTATION_SCOPE,
      [serverDuration, clientDuration],
      temporality,
    ),
  ];
  const prometheus = new PrometheusExporter({
    preventServerStart: true,
    metricProducers: histogramProducers(),
  });
  const readers: MetricReader[] = [prometheus];
  if (metricExporter !== undefined) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: metricExporter,
        exportIntervalMillis: config.metricExportIntervalMs,
        exportTimeoutMillis: config.metricExportTimeoutMs,
        metricProducers: histogramProducers(
          metricExporter.selectAggregationTemporality?.(InstrumentType.HISTOGRAM),
        ),
      }),
    );
  }
  const meterProvider = new MeterProvider({ resource, readers });
  // The batch processors count what they drop (otel.sdk.processor.*.processed, error.type=queue_full) on
  // this provider, so /metrics shows spans and logs lost to an absent or slow backend.
  const sampler = createSampler(config.sampler);
  const limits: LeanSpanLimits = {
    ...config.spanLimits,
    attributeValueLengthLimit: config.spanLimits.attributeValueLengthLimit ?? Infinity,
  };
  const processors = spanProcessors(config, meterProvider, traceExporter, options.spanExporter);
  // The SDK provider serves the OpenTelemetry API (user code, third-party instrumentations); Skein's own spans
  // come from the lean tracer. Both hand their spans to the same processors, under the same limits.
  const tracerProvider = new NodeTracerProvider({
    resource,
    sampler,
    spanLimits: limits,
    spanProcessors: processors,
  });

  const providers: FlushableProvider[] = [tracerProvider, meterProvider];

  let otelLogger: OtelLogger | undefined;
  if (logExporter !== undefined) {
    const loggerProvider = new LoggerProvider({
      resource,
      logRecordLimits: {
        attributeCountLimit: config.logRecordLimits.attributeCountLimit,
        attributeValueLengthLimit: config.logRecordLimits.attributeValueLengthLimit ?? Infinity,
      },
      processors: [
        new BatchLogRecordProcessor({
          exporter: logExporter,
          scheduledDelayMillis: config.batchLogRecord.scheduleDelayMs,
          maxQueueSize: config.batchLogRecord.maxQueueSize,
          maxExportBatchSize: config.batchLogRecord.maxExportBatchSize,
          exportTimeoutMillis: config.batchLogRecord.exportTimeoutMs,
          selfObsMeterProvider: meterProvider,
        }),
      ],
    });
    providers.push(loggerProvider);
    otelLogger = loggerProvider.getLogger(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version);
    if (options.registerGlobals !== false) logs.setGlobalLoggerProvider(loggerProvider);
  }
  if (options.registerGlobals !== false) {
    if (globalTracerProviderTaken()) reporter.report(SECOND_SDK_WARNING);
    else trace.setGlobalTracerProvider(tracerProvider);
    metrics.setGlobalMeterProvider(meterProvider);
    propagation.setGlobalPropagator(propagator);
  }

  const tracer = new LeanTracer({
    resource,
    scope: INSTRUMENTATION_SCOPE,
    sampler,
    limits,
    processors,
  });
  const meter = meterProvider.getMeter(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version);
  const stops: (() => void)[] = [];
  if (config.clientTracing) {
    const clientTracing = new ClientTracing(tracer, propagator, clientDuration, redactor);
    clientTracing.enable();
    stops.push(() => clientTracing.disable());
  }
  if (config.runtimeMetrics) stops.push(startRuntimeMetrics(meter));

  return new TelemetryRuntime({
    serviceName: config.serviceName,
    enabled: true,
    tracer,
    meter,
    logger: createCorrelatedLogger({
      level: config.logLevel,
      serviceName: config.serviceName,
      destination,
      otelLogger,
    }),
    flushLogs,
    httpServer: new NodeHttpServerInstrumentation(
      tracer,
      propagator,
      { duration: serverDuration, activeRequests: new ActiveRequests(meter) },
      redactor,
    ),
    prometheus,
    providers,
    reportError: (error) => reporter.reportError(error),
    stops,
  });
}

let contextManagerInstalled = false;

/** Active-context propagation across awaits; installed once per process, shared by every setupTelemetry(). */
function installContextManager(): void {
  if (contextManagerInstalled) return;
  contextManagerInstalled = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

/**
 * The configured trace exporter behind its batching processor, then the extra exporter of the options. OTLP/HTTP
 * protobuf gets Skein's processor that encodes spans as they end; every other exporter the SDK's
 * BatchSpanProcessor. Both read the OTEL_BSP_* settings and count what they drop on `meterProvider`.
 */
function spanProcessors(
  config: TelemetryConfig,
  meterProvider: MeterProvider,
  traceExporter: SpanExporter | undefined,
  extraExporter: SpanExporter | undefined,
): SpanProcessor[] {
  const batch = {
    scheduledDelayMillis: config.batchSpan.scheduleDelayMs,
    maxQueueSize: config.batchSpan.maxQueueSize,
    maxExportBatchSize: config.batchSpan.maxExportBatchSize,
    exportTimeoutMillis: config.batchSpan.exportTimeoutMs,
  };
  const batched = (exporter: SpanExporter): SpanProcessor =>
    new BatchSpanProcessor({ exporter, ...batch, selfObsMeterProvider: meterProvider });
  const processors: SpanProcessor[] = [];
  if (isOtlpProto(config.traces)) {
    processors.push(new OtlpProtoBatchProcessor({ ...postOptions(config.traces), ...batch, meterProvider }));
  } else if (traceExporter !== undefined) {
    processors.push(batched(traceExporter));
  }
  if (extraExporter !== undefined) processors.push(batched(extraExporter));
  return processors;
}

/** True when traces go over OTLP/HTTP protobuf, which Skein's own encoding processor serves. */
function isOtlpProto(signal: SignalExport): boolean {
  return signal.exporter === 'otlp' && signal.protocol === 'http/protobuf';
}
