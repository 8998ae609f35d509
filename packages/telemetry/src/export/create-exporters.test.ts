import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveConfig } from '../config/resolve-config.js';
import type { OtlpProtocol, Signal } from '../config/telemetry-config.js';
import { TelemetryError } from '../telemetry-error.js';
import {
  createLogExporter,
  createMetricExporter,
  createSpanExporter,
  EXPORTER_PACKAGES,
} from './create-exporters.js';

const emptyDir = mkdtempSync(join(tmpdir(), 'skein-no-exporters-'));
writeFileSync(join(emptyDir, 'index.js'), '');
const requireNothing = createRequire(join(emptyDir, 'index.js'));
const requireHere = createRequire(import.meta.url);
/** A require that finds every package but `missing`. */
const without =
  (missing: string) =>
  (id: string): unknown =>
    id === missing ? requireNothing(id) : requireHere(id);
after(() => rmSync(emptyDir, { recursive: true, force: true }));

const create = {
  traces: (config: ReturnType<typeof resolveConfig>['config'], load?: (id: string) => unknown) =>
    createSpanExporter(config.traces, load),
  metrics: (config: ReturnType<typeof resolveConfig>['config'], load?: (id: string) => unknown) =>
    createMetricExporter(config.metrics, 'cumulative', load),
  logs: (config: ReturnType<typeof resolveConfig>['config'], load?: (id: string) => unknown) =>
    createLogExporter(config.logs, load),
};

describe('OTLP exporters by signal and protocol', () => {
  for (const signal of ['traces', 'metrics', 'logs'] as Signal[]) {
    for (const [protocol, pkg] of Object.entries(EXPORTER_PACKAGES[signal]) as [OtlpProtocol, string][]) {
      it(`${signal} over ${protocol}: built from ${pkg}, which a missing install names`, async () => {
        const { config } = resolveConfig(
          {},
          { OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://127.0.0.1:1' },
        );
        const exporter = create[signal](config);
        assert.ok(exporter);
        await exporter.shutdown();
        assert.throws(
          () => create[signal](config, without(pkg)),
          (error: unknown) =>
            error instanceof TelemetryError &&
            error.code === 'SKEIN_TELEMETRY_MISSING_PACKAGE' &&
            error.message.includes(`over OTLP ${protocol} needs ${pkg}, which is not installed`),
        );
      });
    }
  }
});
