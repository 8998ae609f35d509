import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TelemetryError } from '../../telemetry-error.js';
import { resolveConfig } from '../resolve-config.js';
import { NO_TIMEOUT_MS } from '../telemetry-config.js';
import { substituteEnv } from './substitute-env.js';

const dir = mkdtempSync(join(tmpdir(), 'skein-config-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
function file(text: string): string {
  const path = join(dir, `config-${count++}.yaml`);
  writeFileSync(path, text);
  return path;
}

const FULL = `
file_format: "1.0"
disabled: \${OTEL_SDK_DISABLED:-false}
log_level: debug
resource:
  attributes:
    - name: service.name
      value: \${SERVICE:-unnamed}
    - name: replicas
      value: 3
      type: int
  attributes_list: "service.version=2.0.0,team=core%20eu"
  detection/development:
    detectors:
      - host:
      - process:
attribute_limits:
  attribute_count_limit: 64
propagator:
  composite:
    - tracecontext:
  composite_list: "baggage,b3"
tracer_provider:
  processors:
    - batch:
        schedule_delay: 100
        export_timeout: 0
        exporter:
          otlp_http:
            endpoint: https://collector:4318/v1/traces
            tls:
              ca_file: \${CA_FILE}
            headers:
              - name: api-key
                value: "1234"
            headers_list: "x-team=core"
            compression: gzip
            timeout: 2500
            encoding: json
  limits:
    event_count_limit: 7
  sampler:
    parent_based:
      root:
        trace_id_ratio_based:
          ratio: 0.25
meter_provider:
  readers:
    - periodic:
        interval: 1000
        timeout: 500
        exporter:
          otlp_grpc:
            endpoint: collector:4317
            tls:
              insecure: true
            temporality_preference: delta
    - pull:
        exporter:
          prometheus/development:
logger_provider:
  processors:
    - batch:
        max_queue_size: 100
        max_export_batch_size: 50
        exporter:
          console:
  limits:
    attribute_value_length_limit: 256
`;

describe('OTEL_CONFIG_FILE', () => {
  it('configures what the file says and ignores the other OTEL_* variables', () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    const { config, warnings } = resolveConfig(
      {},
      {
        OTEL_CONFIG_FILE: file(FULL),
        SERVICE: 'checkout',
        CA_FILE: ca,
        OTEL_SERVICE_NAME: 'ignored',
        OTEL_TRACES_EXPORTER: 'none',
        SKEIN_LOG_LEVEL: 'warn',
      },
    );
    assert.deepEqual(warnings, []);
    assert.equal(config.configFile?.endsWith('.yaml'), true);
    assert.equal(config.disabled, false);
    assert.equal(config.diagLogLevel, 'debug');
    assert.equal(config.logLevel, 'warn', 'SKEIN_LOG_LEVEL is not an SDK variable and still applies');
    assert.equal(config.serviceName, 'checkout');
    assert.equal(config.serviceVersion, '2.0.0');
    assert.equal(config.resourceAttributes.team, 'core eu');
    assert.equal(config.resourceAttributes.replicas, 3);
    assert.deepEqual(config.resourceDetectors, ['host', 'os', 'process']);
    assert.equal(config.attributeCountLimit, 64);
    assert.deepEqual(config.propagators, ['tracecontext', 'baggage', 'b3']);
    assert.equal(config.traces.exporter, 'otlp');
    assert.equal(config.traces.protocol, 'http/json');
    assert.equal(config.traces.endpoint, 'https://collector:4318/v1/traces');
    assert.deepEqual(config.traces.headers, { 'x-team': 'core', 'api-key': '1234' });
    assert.equal(config.traces.compression, 'gzip');
    assert.equal(config.traces.timeoutMs, 2500);
    assert.match(config.traces.tls.ca ?? '', /BEGIN CERTIFICATE/);
    assert.equal(config.batchSpan.scheduleDelayMs, 100);
    assert.equal(config.batchSpan.exportTimeoutMs, NO_TIMEOUT_MS);
    assert.equal(config.spanLimits.eventCountLimit, 7);
    assert.equal(config.spanLimits.attributeCountLimit, 64);
    assert.deepEqual(config.sampler, { name: 'parentbased_traceidratio', ratio: 0.25 });
    assert.equal(config.metrics.protocol, 'grpc');
    assert.equal(config.metrics.endpoint, 'http://collector:4317');
    assert.equal(config.metricExportIntervalMs, 1000);
    assert.equal(config.metricExportTimeoutMs, 500);
    assert.equal(config.metricTemporality, 'delta');
    assert.equal(config.logs.exporter, 'console');
    assert.equal(config.batchLogRecord.maxQueueSize, 100);
    assert.equal(config.logRecordLimits.attributeValueLengthLimit, 256);
  });

  it('turns off what the file leaves out: no exporters, no propagators, no detectors', () => {
    const { config } = resolveConfig({}, { OTEL_CONFIG_FILE: file('file_format: "1.0-rc.2"\n') });
    assert.equal(config.traces.exporter, 'none');
    assert.equal(config.metrics.exporter, 'none');
    assert.equal(config.logs.exporter, 'none');
    assert.deepEqual(config.propagators, []);
    assert.deepEqual(config.resourceDetectors, []);
    assert.equal(config.serviceName, 'unknown_service:node');
  });

  it('reads a ${VAR:-default} in a plain scalar as YAML (a boolean), and a quoted one as a string', () => {
    const path = file(
      'file_format: "1.0"\ndisabled: ${OFF:-true}\nresource:\n  attributes:\n    - name: v\n      value: "${V}"\n',
    );
    const { config } = resolveConfig({}, { OTEL_CONFIG_FILE: path, V: '42' });
    assert.equal(config.disabled, true);
    assert.equal(config.resourceAttributes.v, '42');
  });

  it('names every part Skein does not support, in one error', () => {
    const path = file(`
file_format: "1.0"
tracer_provider:
  processors:
    - simple:
        exporter:
          console:
    - batch:
        exporter:
          zipkin:
meter_provider:
  readers:
    - periodic:
        exporter:
          console:
  views: []
instrumentation/development: {}
`);
    assert.throws(
      () => resolveConfig({}, { OTEL_CONFIG_FILE: path }),
      (error: unknown) => {
        assert.ok(error instanceof TelemetryError);
        assert.equal(error.code, 'SKEIN_TELEMETRY_CONFIG_FILE');
        for (const part of [
          '(file).instrumentation/development',
          'tracer_provider.processors[0].simple',
          'tracer_provider.processors[1] (Skein exports a signal through one processor)',
          'meter_provider.views',
        ])
          assert.ok(error.message.includes(part), `${part} in ${error.message}`);
        assert.ok(!error.message.includes('\n'));
        return true;
      },
    );
  });

  it('fails clearly on a missing file, invalid YAML, an unknown format version and a bad reference', () => {
    const cases: [string, RegExp][] = [
      [join(dir, 'nope.yaml'), /cannot be read \(ENOENT\)/],
      [file('file_format: "1.0"\nresource: [\n'), /is not valid YAML/],
      [file('file_format: "0.3"\n'), /file_format "0.3" \(Skein reads 1.x\)/],
      [file('file_format: "1.0"\nlog_level: ${not-a-name}\n'), /is not a valid \$\{VARIABLE\} reference/],
    ];
    for (const [path, message] of cases)
      assert.throws(() => resolveConfig({}, { OTEL_CONFIG_FILE: path }), message);
  });
});

describe('substituteEnv', () => {
  it('follows the data model: ${NAME}, ${env:NAME}, ${NAME:-default}, $$', () => {
    const env = { A: 'x', EMPTY: '' };
    assert.deepEqual(substituteEnv('${A}-${env:A}-${B:-d}-${EMPTY:-e}-${B}-$$A', env), {
      value: 'x-x-d-e--$A',
    });
  });
});
