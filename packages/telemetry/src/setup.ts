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
import { getNumberFromEnv } from '@opentelemetry/core';
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
import type { TelemetryConfig } from './config/telemetry-config.js';
import type { TelemetryOptions } from './config/telemetry-options.js';
import {
  createLogExporter,
  createMetricExporter,
  createSpanExporter,
  httpOptions,
  isOtlpProto,
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
import { DEFAULT_SPAN_LIMITS, LeanTracer, type LeanSpanLimits } from './span/lean-tracer.js';
import { INSTRUMENTATION_SCOPE } from './span/with-span.js';
import type { Telemetry } from './telemetry.js';
import { TelemetryRuntime, type FlushableProvider } from './telemetry-runtime.js';

/**
 * Sets up traces, metrics and logs from the OTEL_* variables; `options` override the environment.
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
  const tracer = new ProxyTracerProvider().getTracer(INSTRUMENTATION_SCOPE);
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
  const reporter = new RateLimitedReporter(write);
  reporter.install();
  installContextManager();
  const resource = createResource(config);
  const propagator = createPropagator(config.propagators);
  const redactor = new UrlRedactor(config.redactedQueryParams);

  // The HTTP duration histograms are aggregated by the instrumentation itself and read through a producer.
  const serverDuration = createHttpServerDuration();
  const clientDuration = createHttpClientDuration();
  // Each reader gets its own producer, in the temporality its exporter asks of histograms (Prometheus: cumulative).
  const histogramProducers = (temporality?: AggregationTemporality) => [
    new AggregatedHistogramProducer(
      resource,
      { name: INSTRUMENTATION_SCOPE },
      [serverDuration, clientDuration],
      temporality,
    ),
  ];
  const prometheus = new PrometheusExporter({
    preventServerStart: true,
    metricProducers: histogramProducers(),
  });
  const readers: MetricReader[] = [prometheus];
  const metricExporter = createMetricExporter(config.metrics, config.metricTemporality);
  if (metricExporter !== undefined) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: metricExporter,
        exportIntervalMillis: config.metricExportIntervalMs,
        exportTimeoutMillis: Math.min(config.metrics.timeoutMs, config.metricExportIntervalMs),
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
  const spanLimits = {
    attributeCountLimit: config.attributeCountLimit,
    attributeValueLengthLimit: config.attributeValueLengthLimit ?? Infinity,
  };
  // The event and link limits come from process.env as the SDK's tracer provider reads them itself.
  const limits: LeanSpanLimits = {
    ...spanLimits,
    eventCountLimit: getNumberFromEnv('OTEL_SPAN_EVENT_COUNT_LIMIT') ?? DEFAULT_SPAN_LIMITS.eventCountLimit,
    linkCountLimit: getNumberFromEnv('OTEL_SPAN_LINK_COUNT_LIMIT') ?? DEFAULT_SPAN_LIMITS.linkCountLimit,
    attributePerEventCountLimit:
      getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT') ??
      DEFAULT_SPAN_LIMITS.attributePerEventCountLimit,
    attributePerLinkCountLimit:
      getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT') ??
      DEFAULT_SPAN_LIMITS.attributePerLinkCountLimit,
  };
  const processors = spanProcessors(config, meterProvider, options.spanExporter);
  // The SDK provider serves the OpenTelemetry API (user code, third-party instrumentations); Skein's own spans
  // come from the lean tracer. Both hand their spans to the same processors.
  const tracerProvider = new NodeTracerProvider({
    resource,
    sampler,
    spanLimits,
    spanProcessors: processors,
  });

  const providers: FlushableProvider[] = [tracerProvider, meterProvider];

  let otelLogger: OtelLogger | undefined;
  const logExporter = createLogExporter(config.logs);
  if (logExporter !== undefined) {
    const loggerProvider = new LoggerProvider({
      resource,
      processors: [
        new BatchLogRecordProcessor({ exporter: logExporter, selfObsMeterProvider: meterProvider }),
      ],
    });
    providers.push(loggerProvider);
    otelLogger = loggerProvider.getLogger(INSTRUMENTATION_SCOPE);
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
    scope: { name: INSTRUMENTATION_SCOPE },
    sampler,
    limits,
    processors,
  });
  const meter = meterProvider.getMeter(INSTRUMENTATION_SCOPE);
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
    processors.push(new OtlpProtoBatchProcessor({ ...httpOptions(config.traces), ...batch, meterProvider }));
  } else {
    const exporter = createSpanExporter(config.traces);
    if (exporter !== undefined) processors.push(batched(exporter));
  }
  if (extraExporter !== undefined) processors.push(batched(extraExporter));
  return processors;
}
