import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveConfig } from './resolve-config.js';
import { NO_TIMEOUT_MS } from './telemetry-config.js';

const dir = mkdtempSync(join(tmpdir(), 'skein-tls-config-'));
const pem = (name: string): string => {
  const path = join(dir, name);
  writeFileSync(path, `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`);
  return path;
};
const ca = pem('ca.pem');
const signalCa = pem('traces-ca.pem');
const cert = pem('client.pem');
const key = pem('client-key.pem');
const notPem = join(dir, 'not.pem');
writeFileSync(notPem, 'hello');
after(() => rmSync(dir, { recursive: true, force: true }));

const HTTPS = { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318' };

describe('OTLP compression and TLS settings', () => {
  it('reads the CA and client files for every signal, the per-signal variable first', () => {
    const { config, warnings } = resolveConfig(
      {},
      {
        ...HTTPS,
        OTEL_EXPORTER_OTLP_CERTIFICATE: ca,
        OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: signalCa,
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: cert,
        OTEL_EXPORTER_OTLP_CLIENT_KEY: key,
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: 'none',
      },
    );
    assert.deepEqual(warnings, []);
    assert.match(config.traces.tls.ca ?? '', /traces-ca\.pem/);
    for (const signal of ['metrics', 'logs'] as const) {
      assert.match(config[signal].tls.ca ?? '', /\bca\.pem/, signal);
      assert.match(config[signal].tls.cert ?? '', /client\.pem/, signal);
      assert.match(config[signal].tls.key ?? '', /client-key\.pem/, signal);
    }
    assert.equal(config.traces.compression, 'gzip');
    assert.equal(config.metrics.compression, 'gzip');
    assert.equal(config.logs.compression, 'none');
  });

  it('defaults to no compression and the system CAs', () => {
    const { config } = resolveConfig({}, HTTPS);
    for (const signal of ['traces', 'metrics', 'logs'] as const) {
      assert.equal(config[signal].compression, 'none');
      assert.deepEqual(config[signal].tls, {});
    }
  });

  it('takes the files and compression from the per-signal options', () => {
    const { config, warnings } = resolveConfig(
      {
        otlpEndpoint: 'https://collector:4318',
        metrics: {
          certificateFile: ca,
          clientCertificateFile: cert,
          clientKeyFile: key,
          compression: 'gzip',
        },
      },
      {},
    );
    assert.deepEqual(warnings, []);
    assert.ok(config.metrics.tls.ca && config.metrics.tls.cert && config.metrics.tls.key);
    assert.equal(config.metrics.compression, 'gzip');
    assert.deepEqual(config.traces.tls, {});
  });

  it('warns once, in one line, about an unreadable or non-PEM file and goes on without it', () => {
    const { config, warnings } = resolveConfig(
      {},
      {
        ...HTTPS,
        OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'missing.pem'),
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: notPem,
        OTEL_EXPORTER_OTLP_CLIENT_KEY: key,
        OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd',
      },
    );
    assert.deepEqual(config.traces.tls, {});
    assert.equal(config.traces.compression, 'none');
    assert.equal(warnings.length, 3, warnings.join('\n'));
    for (const expected of [
      /^OTEL_EXPORTER_OTLP_COMPRESSION="zstd" is not one of gzip, none/,
      /^OTEL_EXPORTER_OTLP_CERTIFICATE=".*missing\.pem" cannot be read \(ENOENT\)/,
      /^OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE=".*not\.pem" is not a PEM file/,
    ])
      assert.ok(
        warnings.some((w) => expected.test(w)),
        `${expected}\n${warnings.join('\n')}`,
      );
    for (const warning of warnings) assert.ok(!warning.includes('\n'));
  });

  it('says a client certificate without its key, or files for a plain-http endpoint, are not used', () => {
    const alone = resolveConfig({}, { ...HTTPS, OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: cert });
    assert.deepEqual(alone.warnings, [
      'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE needs a client key too; no client certificate is sent',
    ]);
    assert.equal(alone.config.traces.tls.cert, undefined);
    const plain = resolveConfig({}, { OTEL_EXPORTER_OTLP_CERTIFICATE: ca });
    assert.deepEqual(plain.warnings, [
      'OTEL_EXPORTER_OTLP_CERTIFICATE is set but http://localhost:4318 is not an https endpoint; it is not used',
    ]);
  });
});

describe('timeouts', () => {
  const TIMEOUTS: [string, (config: ReturnType<typeof resolveConfig>['config']) => number][] = [
    [
      'OTEL_EXPORTER_OTLP_TIMEOUT',
      (c) => Math.min(c.traces.timeoutMs, c.metrics.timeoutMs, c.logs.timeoutMs),
    ],
    ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', (c) => c.traces.timeoutMs],
    ['OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', (c) => c.metrics.timeoutMs],
    ['OTEL_EXPORTER_OTLP_LOGS_TIMEOUT', (c) => c.logs.timeoutMs],
    ['OTEL_BSP_EXPORT_TIMEOUT', (c) => c.batchSpan.exportTimeoutMs],
    ['OTEL_BLRP_EXPORT_TIMEOUT', (c) => c.batchLogRecord.exportTimeoutMs],
  ];
  for (const [name, read] of TIMEOUTS) {
    it(`${name}=0 means no limit, without a warning`, () => {
      const { config, warnings } = resolveConfig({}, { [name]: '0' });
      assert.deepEqual(warnings, []);
      assert.equal(read(config), NO_TIMEOUT_MS);
    });
  }

  it('OTEL_METRIC_EXPORT_TIMEOUT=0 means no limit, which the export interval then bounds', () => {
    const { config, warnings } = resolveConfig(
      {},
      { OTEL_METRIC_EXPORT_TIMEOUT: '0', OTEL_METRIC_EXPORT_INTERVAL: '5000' },
    );
    assert.deepEqual(warnings, []);
    assert.equal(config.metricExportTimeoutMs, 5000);
    assert.equal(resolveConfig({}, { OTEL_METRIC_EXPORT_TIMEOUT: '700' }).config.metricExportTimeoutMs, 700);
  });

  it('0 in an option means no limit too', () => {
    const { config } = resolveConfig(
      { traces: { timeoutMs: 0 }, batchSpan: { exportTimeoutMs: 0 }, batchLogRecord: { exportTimeoutMs: 0 } },
      {},
    );
    assert.equal(config.traces.timeoutMs, NO_TIMEOUT_MS);
    assert.equal(config.batchSpan.exportTimeoutMs, NO_TIMEOUT_MS);
    assert.equal(config.batchLogRecord.exportTimeoutMs, NO_TIMEOUT_MS);
  });

  it('rejects a negative timeout or one beyond 2^31 - 1 with a warning', () => {
    const { config, warnings } = resolveConfig(
      {},
      { OTEL_BSP_EXPORT_TIMEOUT: '-5', OTEL_EXPORTER_OTLP_TIMEOUT: '99999999999' },
    );
    assert.equal(config.batchSpan.exportTimeoutMs, 30000);
    assert.equal(config.traces.timeoutMs, 10000);
    assert.equal(warnings.length, 2);
  });
});
