import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from './resolve-config.js';

describe('OTEL_PROPAGATORS', () => {
  it('accepts every propagator of the spec, deduplicated, in order', () => {
    const { config, warnings } = resolveConfig(
      {},
      { OTEL_PROPAGATORS: 'b3multi, tracecontext,b3,jaeger,xray,ottrace,baggage,tracecontext' },
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.propagators, [
      'b3multi',
      'tracecontext',
      'b3',
      'jaeger',
      'xray',
      'ottrace',
      'baggage',
    ]);
  });

  it('skips an unknown member with a suggestion', () => {
    const { config, warnings } = resolveConfig({}, { OTEL_PROPAGATORS: 'tracecontext,jaegar' });
    assert.deepEqual(config.propagators, ['tracecontext']);
    assert.match(warnings[0] ?? '', /"jaegar" is not one of .*did you mean jaeger\?/);
  });
});

describe('OTEL_NODE_RESOURCE_DETECTORS', () => {
  it('runs the built-in detectors when unset', () => {
    assert.deepEqual(resolveConfig({}, {}).config.resourceDetectors, [
      'env',
      'host',
      'os',
      'process',
      'serviceinstance',
    ]);
  });

  it('keeps named detectors, installed or not, and expands all to the installed ones', () => {
    const named = resolveConfig({}, { OTEL_NODE_RESOURCE_DETECTORS: 'host,aws,host' });
    assert.deepEqual(named.config.resourceDetectors, ['host', 'aws']);
    // container is a devDependency here; the cloud detectors are not installed.
    const all = resolveConfig({}, { OTEL_NODE_RESOURCE_DETECTORS: 'all' });
    assert.deepEqual(all.config.resourceDetectors, [
      'env',
      'host',
      'os',
      'process',
      'serviceinstance',
      'container',
    ]);
    assert.deepEqual(
      resolveConfig({}, { OTEL_NODE_RESOURCE_DETECTORS: 'host,none' }).config.resourceDetectors,
      [],
    );
  });

  it('ignores OTEL_RESOURCE_ATTRIBUTES without the env detector', () => {
    const env = { OTEL_RESOURCE_ATTRIBUTES: 'team=core', OTEL_NODE_RESOURCE_DETECTORS: 'host' };
    assert.deepEqual(resolveConfig({}, env).config.resourceAttributes, {});
    assert.deepEqual(
      resolveConfig({}, { ...env, OTEL_NODE_RESOURCE_DETECTORS: 'env' }).config.resourceAttributes,
      { team: 'core' },
    );
  });

  it('warns about an unknown detector', () => {
    const { warnings } = resolveConfig({}, { OTEL_NODE_RESOURCE_DETECTORS: 'hots' });
    assert.match(warnings[0] ?? '', /"hots" is not one of .*did you mean host\?/);
  });
});

describe('OTEL_LOG_LEVEL and SKEIN_LOG_LEVEL', () => {
  it('set the SDK diagnostics and the application logger separately', () => {
    const { config, warnings } = resolveConfig({}, { OTEL_LOG_LEVEL: 'DEBUG', SKEIN_LOG_LEVEL: 'warn' });
    assert.deepEqual(warnings, []);
    assert.equal(config.diagLogLevel, 'debug');
    assert.equal(config.logLevel, 'warn');
    const defaults = resolveConfig({}, {}).config;
    assert.equal(defaults.diagLogLevel, 'info');
    assert.equal(defaults.logLevel, 'info');
  });

  it('accepts every level of the spec for OTEL_LOG_LEVEL', () => {
    for (const level of ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'])
      assert.equal(resolveConfig({}, { OTEL_LOG_LEVEL: level }).config.diagLogLevel, level);
  });

  it('points a pino level given to OTEL_LOG_LEVEL at SKEIN_LOG_LEVEL', () => {
    const { config, warnings } = resolveConfig({}, { OTEL_LOG_LEVEL: 'trace' });
    assert.equal(config.diagLogLevel, 'info');
    assert.equal(config.logLevel, 'info');
    assert.match(
      warnings[0] ?? '',
      /OTEL_LOG_LEVEL="trace" .* the application logger's level is SKEIN_LOG_LEVEL/,
    );
  });

  it('lets the logLevel option (the app logger) and diagLogLevel override', () => {
    const { config } = resolveConfig(
      { logLevel: 'error', diagLogLevel: 'none' },
      { OTEL_LOG_LEVEL: 'debug', SKEIN_LOG_LEVEL: 'debug' },
    );
    assert.equal(config.logLevel, 'error');
    assert.equal(config.diagLogLevel, 'none');
  });
});

describe('limits', () => {
  it('lets OTEL_SPAN_* and OTEL_LOGRECORD_* override the general attribute limits', () => {
    const { config, warnings } = resolveConfig(
      {},
      {
        OTEL_ATTRIBUTE_COUNT_LIMIT: '10',
        OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '20',
        OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '5',
        OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT: '7',
        OTEL_SPAN_EVENT_COUNT_LIMIT: '0',
        OTEL_LINK_ATTRIBUTE_COUNT_LIMIT: '3',
        OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT: '4',
      },
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.spanLimits, {
      attributeCountLimit: 5,
      attributeValueLengthLimit: 20,
      eventCountLimit: 0,
      linkCountLimit: 128,
      attributePerEventCountLimit: 4,
      attributePerLinkCountLimit: 3,
    });
    assert.deepEqual(config.logRecordLimits, { attributeCountLimit: 10, attributeValueLengthLimit: 7 });
  });
});

describe('OTEL_BLRP_*', () => {
  it('configures the log record batch with the spec defaults', () => {
    assert.deepEqual(resolveConfig({}, {}).config.batchLogRecord, {
      scheduleDelayMs: 1000,
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
      exportTimeoutMs: 30000,
    });
    const { config, warnings } = resolveConfig(
      {},
      { OTEL_BLRP_SCHEDULE_DELAY: '5', OTEL_BLRP_MAX_QUEUE_SIZE: '8', OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '9' },
    );
    assert.deepEqual(config.batchLogRecord, {
      scheduleDelayMs: 5,
      maxQueueSize: 8,
      maxExportBatchSize: 8,
      exportTimeoutMs: 30000,
    });
    assert.match(warnings[0] ?? '', /OTEL_BLRP_MAX_EXPORT_BATCH_SIZE \(9\) exceeds OTEL_BLRP_MAX_QUEUE_SIZE/);
  });
});
