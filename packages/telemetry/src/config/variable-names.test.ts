import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from './resolve-config.js';

describe('OTEL_* variable name and value typos', () => {
  it('names the variable a misspelt one was meant to be', () => {
    const { config, warnings } = resolveConfig(
      {},
      { OTEL_EXPORTER_OTLP_ENDPIONT: 'http://collector:4318', OTEL_SERVICE_NAME: 'shop' },
    );
    assert.deepEqual(warnings, [
      'OTEL_EXPORTER_OTLP_ENDPIONT is not an OpenTelemetry variable and is ignored; did you mean OTEL_EXPORTER_OTLP_ENDPOINT?',
    ]);
    assert.equal(config.traces.endpoint, 'http://localhost:4318/v1/traces');
  });

  it('catches a singular signal name', () => {
    const { warnings } = resolveConfig({}, { OTEL_EXPORTER_OTLP_TRACE_ENDPOINT: 'http://c:4318/v1/traces' });
    assert.match(warnings[0] ?? '', /did you mean OTEL_EXPORTER_OTLP_TRACES_ENDPOINT\?/);
  });

  it('leaves alone known variables Skein does not read and unrelated OTEL_ names', () => {
    const { warnings } = resolveConfig(
      {},
      { OTEL_NODE_RESOURCE_DETECTORS: 'env', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip', OTEL_MY_TEAM_FLAG: '1' },
    );
    assert.deepEqual(warnings, []);
  });

  it('suggests the sampler an unknown OTEL_TRACES_SAMPLER value was meant to be', () => {
    const { config, warnings } = resolveConfig({}, { OTEL_TRACES_SAMPLER: 'parentbased_alwayson' });
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]!,
      /^OTEL_TRACES_SAMPLER="parentbased_alwayson" is not one of .*\(did you mean parentbased_always_on\?\); using parentbased_always_on$/,
    );
    assert.equal(config.sampler.name, 'parentbased_always_on');
  });

  it('reports an unknown sampler with no near match without a suggestion', () => {
    const { warnings } = resolveConfig({}, { OTEL_TRACES_SAMPLER: 'xray' });
    assert.doesNotMatch(warnings[0] ?? '', /did you mean/);
  });
});
