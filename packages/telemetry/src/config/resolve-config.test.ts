import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from './resolve-config.js';

describe('resolveConfig', () => {
  it('uses the OTel spec defaults when nothing is set', () => {
    const { config, warnings } = resolveConfig({}, {});
    assert.deepEqual(warnings, []);
    assert.equal(config.disabled, false);
    assert.equal(config.serviceName, 'unknown_service:node');
    assert.deepEqual(config.sampler, { name: 'parentbased_always_on', ratio: 1 });
    assert.deepEqual(config.propagators, ['tracecontext', 'baggage']);
    assert.equal(config.traces.exporter, 'otlp');
    assert.equal(config.traces.protocol, 'http/protobuf');
    assert.equal(config.traces.endpoint, 'http://localhost:4318/v1/traces');
    assert.equal(config.metrics.endpoint, 'http://localhost:4318/v1/metrics');
    assert.equal(config.logs.endpoint, 'http://localhost:4318/v1/logs');
    assert.deepEqual(config.batchSpan, {
      scheduleDelayMs: 5000,
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
      exportTimeoutMs: 30000,
    });
    assert.equal(config.attributeCountLimit, 128);
    assert.equal(config.attributeValueLengthLimit, undefined);
    assert.equal(config.metricExportIntervalMs, 60000);
    assert.equal(config.metricTemporality, 'cumulative');
  });

  it('parses every supported OTEL_* variable', () => {
    const { config, warnings } = resolveConfig(
      {},
      {
        OTEL_SDK_DISABLED: 'TRUE',
        OTEL_SERVICE_NAME: 'checkout',
        OTEL_RESOURCE_ATTRIBUTES: 'service.version=1.2.3,deployment.environment.name=prod%20eu',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_PROPAGATORS: 'baggage',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs:9999/custom',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-team=core',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=traces',
        OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
        OTEL_TRACES_EXPORTER: 'console',
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_BSP_MAX_QUEUE_SIZE: '10',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '5',
        OTEL_BSP_EXPORT_TIMEOUT: '700',
        OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '64',
        OTEL_ATTRIBUTE_COUNT_LIMIT: '16',
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Delta',
      },
    );
    assert.deepEqual(warnings, []);
    assert.equal(config.disabled, true);
    assert.equal(config.serviceName, 'checkout');
    assert.equal(config.serviceVersion, '1.2.3');
    assert.equal(config.resourceAttributes['deployment.environment.name'], 'prod eu');
    assert.deepEqual(config.sampler, { name: 'parentbased_traceidratio', ratio: 0.25 });
    assert.deepEqual(config.propagators, ['baggage']);
    assert.equal(config.traces.exporter, 'console');
    assert.equal(config.traces.protocol, 'http/json');
    assert.equal(config.traces.endpoint, 'http://collector:4318/v1/traces');
    assert.deepEqual(config.traces.headers, { authorization: 'Bearer abc', 'x-team': 'traces' });
    assert.equal(config.traces.timeoutMs, 2500);
    assert.equal(config.metrics.exporter, 'none', 'prometheus is served by metricsHandler, not pushed');
    assert.equal(config.metrics.protocol, 'grpc');
    assert.equal(
      config.metrics.endpoint,
      'http://collector:4318',
      'gRPC uses the base endpoint without a path',
    );
    assert.equal(config.logs.exporter, 'none');
    assert.equal(config.logs.endpoint, 'http://logs:9999/custom', 'a per-signal endpoint is used as is');
    assert.deepEqual(config.batchSpan, {
      scheduleDelayMs: 100,
      maxQueueSize: 10,
      maxExportBatchSize: 5,
      exportTimeoutMs: 700,
    });
    assert.equal(config.attributeValueLengthLimit, 64);
    assert.equal(config.attributeCountLimit, 16);
    assert.equal(config.metricExportIntervalMs, 1000);
    assert.equal(config.metricTemporality, 'delta');
  });

  it('defaults the gRPC endpoint to localhost:4317', () => {
    const { config } = resolveConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    assert.equal(config.traces.endpoint, 'http://localhost:4317');
  });

  it('OTEL_TRACES_EXPORTER=tree selects the trace tree, coloured as FORCE_COLOR / NO_COLOR say', () => {
    const tree = resolveConfig({}, { OTEL_TRACES_EXPORTER: 'tree', FORCE_COLOR: '1' });
    assert.equal(tree.config.traces.exporter, 'tree');
    assert.equal(tree.config.traces.color, true);
    assert.equal(
      resolveConfig({}, { OTEL_TRACES_EXPORTER: 'tree', NO_COLOR: '1' }).config.traces.color,
      false,
    );
    const { config, warnings } = resolveConfig(
      { logs: { exporter: 'tree' } },
      { OTEL_METRICS_EXPORTER: 'tree' },
    );
    assert.equal(config.metrics.exporter, 'otlp');
    assert.equal(config.logs.exporter, 'console');
    assert.equal(warnings.length, 2);
  });

  it('reads OTEL_PROPAGATORS=none as no propagation', () => {
    assert.deepEqual(resolveConfig({}, { OTEL_PROPAGATORS: 'tracecontext,none' }).config.propagators, []);
  });

  it('warns on each invalid value in one line and falls back to the default', () => {
    const { config, warnings } = resolveConfig(
      {},
      {
        OTEL_SDK_DISABLED: 'yes',
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_TRACES_SAMPLER_ARG: '1.5',
        OTEL_PROPAGATORS: 'tracecontext,b4',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'carrier-pigeon',
        OTEL_TRACES_EXPORTER: 'zipkin',
        OTEL_BSP_SCHEDULE_DELAY: '-1',
        OTEL_BSP_MAX_QUEUE_SIZE: 'many',
        OTEL_BSP_EXPORT_TIMEOUT: '1.5',
        OTEL_ATTRIBUTE_COUNT_LIMIT: '-1',
        OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'x',
        OTEL_METRIC_EXPORT_INTERVAL: '',
        OTEL_RESOURCE_ATTRIBUTES: 'ok=1,broken,bad=%E0%A4%A',
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'deltaa',
      },
    );
    assert.equal(config.disabled, false);
    assert.equal(config.sampler.name, 'parentbased_always_on');
    assert.equal(config.sampler.ratio, 1);
    assert.deepEqual(config.propagators, ['tracecontext']);
    assert.equal(config.traces.protocol, 'http/protobuf');
    assert.equal(config.traces.endpoint, 'http://localhost:4318/v1/traces');
    assert.equal(config.traces.exporter, 'otlp');
    assert.equal(config.batchSpan.scheduleDelayMs, 5000);
    assert.equal(config.batchSpan.maxQueueSize, 2048);
    assert.equal(config.batchSpan.exportTimeoutMs, 30000);
    assert.equal(config.attributeCountLimit, 128);
    assert.equal(config.attributeValueLengthLimit, undefined);
    assert.equal(config.metricExportIntervalMs, 60000);
    assert.deepEqual(config.resourceAttributes, { ok: '1' });
    assert.equal(config.metricTemporality, 'cumulative');
    for (const name of [
      'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
      'did you mean delta?',
      'OTEL_SDK_DISABLED',
      'OTEL_TRACES_SAMPLER=',
      'OTEL_TRACES_SAMPLER_ARG',
      'did you mean b3?',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_TRACES_EXPORTER',
      'OTEL_BSP_SCHEDULE_DELAY',
      'OTEL_BSP_MAX_QUEUE_SIZE',
      'OTEL_BSP_EXPORT_TIMEOUT',
      'OTEL_ATTRIBUTE_COUNT_LIMIT',
      'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
      '"broken"',
      'percent-encoding',
    ]) {
      assert.ok(
        warnings.some((w) => w.includes(name)),
        `expected a warning mentioning ${name}, got:\n${warnings.join('\n')}`,
      );
    }
    for (const warning of warnings) assert.ok(!warning.includes('\n'), 'each warning is one line');
  });

  it('clamps a batch size larger than the queue', () => {
    const { config, warnings } = resolveConfig(
      {},
      { OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '20' },
    );
    assert.equal(config.batchSpan.maxExportBatchSize, 10);
    assert.equal(warnings.length, 1);
  });

  it('lets explicit options override the environment', () => {
    const { config } = resolveConfig(
      {
        disabled: false,
        serviceName: 'explicit',
        serviceVersion: '9',
        resourceAttributes: { team: 'b' },
        sampler: 'always_off',
        samplerRatio: 0.5,
        propagators: [],
        otlpEndpoint: 'http://option:4318',
        otlpProtocol: 'http/json',
        traces: { exporter: 'otlp', headers: { 'x-k': 'v' } },
        logs: { endpoint: 'http://only-logs/v1/logs' },
        batchSpan: { scheduleDelayMs: 1 },
        attributeCountLimit: 3,
        attributeValueLengthLimit: 4,
        metricExportIntervalMs: 5,
        redactedQueryParams: ['Code'],
        clientTracing: false,
      },
      {
        OTEL_SDK_DISABLED: 'true',
        OTEL_SERVICE_NAME: 'env',
        OTEL_RESOURCE_ATTRIBUTES: 'team=a,service.version=1',
        OTEL_TRACES_SAMPLER: 'always_on',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
        OTEL_PROPAGATORS: 'tracecontext',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://env-traces/v1/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_ATTRIBUTE_COUNT_LIMIT: '10',
        OTEL_METRIC_EXPORT_INTERVAL: '100',
      },
    );
    assert.equal(config.disabled, false);
    assert.equal(config.serviceName, 'explicit');
    assert.equal(config.serviceVersion, '9');
    assert.equal(config.resourceAttributes.team, 'b');
    assert.deepEqual(config.sampler, { name: 'always_off', ratio: 0.5 });
    assert.deepEqual(config.propagators, []);
    assert.equal(config.traces.endpoint, 'http://option:4318/v1/traces');
    assert.equal(config.traces.protocol, 'http/json');
    assert.equal(config.traces.exporter, 'otlp');
    assert.deepEqual(config.traces.headers, { 'x-k': 'v' });
    assert.equal(config.logs.endpoint, 'http://only-logs/v1/logs');
    assert.equal(config.batchSpan.scheduleDelayMs, 1);
    assert.equal(config.attributeCountLimit, 3);
    assert.equal(config.attributeValueLengthLimit, 4);
    assert.equal(config.metricExportIntervalMs, 5);
    assert.deepEqual(config.redactedQueryParams, ['code']);
    assert.equal(config.clientTracing, false);
  });
});
