// A configuration that names an optional package which is not installed (here a cloud resource detector, which is
// not even a devDependency) stops setupTelemetry() before anything starts: in a service, a non-zero exit with the
// one-line error that names the package to install; in process, a TelemetryError and no globals registered.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { globalTracerProviderTaken } from '../src/global-tracer-provider.js';
import { setupTelemetry } from '../src/index.js';
import { TelemetryError } from '../src/telemetry-error.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/traced-service.ts', import.meta.url));

describe('a missing optional package', () => {
  it('ends a service at start with a non-zero exit and the line that names the package', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@skein/source', FIXTURE], {
      env: { PATH: process.env.PATH, OTEL_NODE_RESOURCE_DETECTORS: 'host,aws' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.notEqual(result.status, 0);
    assert.doesNotMatch(result.stdout, /listening/);
    assert.match(
      result.stderr,
      /TelemetryError: the aws resource detector needs @opentelemetry\/resource-detector-aws, which is not installed: npm install '@opentelemetry\/resource-detector-aws@\^2\.\d+\.\d+'\n/,
    );
  });

  it('throws before registering any global or starting any exporter', () => {
    const warnings: string[] = [];
    assert.throws(
      () =>
        setupTelemetry({ env: { OTEL_NODE_RESOURCE_DETECTORS: 'gcp' }, warn: (line) => warnings.push(line) }),
      (error: unknown) => error instanceof TelemetryError && error.code === 'SKEIN_TELEMETRY_MISSING_PACKAGE',
    );
    assert.equal(globalTracerProviderTaken(), false);
    assert.deepEqual(warnings, []);
  });
});
