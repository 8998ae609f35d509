import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveConfig } from '../config/resolve-config.js';
import { DETECTOR_PACKAGES } from '../config/resolve-lists.js';
import { PROPAGATOR_PACKAGES, createPropagator } from '../propagation/create-propagator.js';
import { optionalResource } from '../resource-detectors.js';
import { TelemetryError } from '../telemetry-error.js';
import { isInstalled, loadOptional } from './optional-package.js';

// A require rooted in an empty folder finds no package: every optional one is "not installed" there.
const emptyDir = mkdtempSync(join(tmpdir(), 'skein-no-packages-'));
writeFileSync(join(emptyDir, 'index.js'), '');
const requireNothing = createRequire(join(emptyDir, 'index.js'));
after(() => rmSync(emptyDir, { recursive: true, force: true }));

function assertMissing(run: () => unknown, pkg: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof TelemetryError);
    assert.equal(error.code, 'SKEIN_TELEMETRY_MISSING_PACKAGE');
    assert.ok(error.message.includes(`npm install '${pkg}@`), error.message);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
}

describe('optional packages', () => {
  it('loads an installed one and names a missing one with the range to install', () => {
    assert.equal(
      typeof loadOptional<{ B3Propagator: unknown }>('@opentelemetry/propagator-b3', 'b3').B3Propagator,
      'function',
    );
    assertMissing(
      () => loadOptional('@opentelemetry/propagator-b3', 'the b3 propagator', requireNothing),
      '@opentelemetry/propagator-b3',
    );
    assert.equal(isInstalled('@opentelemetry/propagator-b3'), true);
    assert.equal(isInstalled('@opentelemetry/propagator-b3', requireNothing.resolve), false);
  });

  it('rethrows an error that is not the package missing', () => {
    const broken = (): never => {
      throw new SyntaxError('Unexpected token');
    };
    assert.throws(() => loadOptional('@opentelemetry/propagator-b3', 'b3', broken), SyntaxError);
  });

  for (const name of Object.keys(PROPAGATOR_PACKAGES) as (keyof typeof PROPAGATOR_PACKAGES)[]) {
    it(`builds the ${name} propagator from its package, and names the package when it is missing`, () => {
      const propagator = createPropagator([name]);
      assert.ok(propagator.fields().length > 0, `${name} has header fields`);
      assertMissing(() => createPropagator([name], requireNothing), PROPAGATOR_PACKAGES[name].name);
    });
  }

  for (const detector of ['container', 'alibaba', 'aws', 'azure', 'gcp'] as const) {
    it(`names the package of the ${detector} resource detector when it is missing`, () => {
      const { config } = resolveConfig({}, { OTEL_NODE_RESOURCE_DETECTORS: detector });
      assert.deepEqual(config.resourceDetectors, [detector]);
      assertMissing(
        () => optionalResource(config.resourceDetectors, requireNothing),
        DETECTOR_PACKAGES[detector]!,
      );
    });
  }

  it('runs the container detector from its package (installed here)', async () => {
    const resource = optionalResource(['container']);
    await resource.waitForAsyncAttributes?.();
    // Outside a container it finds no id; inside one it finds container.id. Either way it ran without error.
    const id = resource.attributes['container.id'];
    assert.ok(id === undefined || typeof id === 'string');
  });
});
