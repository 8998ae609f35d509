import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestName, editDistance } from './closest-name.js';

describe('closestName', () => {
  it('counts an adjacent swap as one edit', () => {
    assert.equal(editDistance('ENDPIONT', 'ENDPOINT'), 1);
    assert.equal(editDistance('always_on', 'always_off'), 2);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('suggests the nearest name within two edits and nothing beyond', () => {
    const known = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_HEADERS'];
    assert.equal(closestName('OTEL_EXPORTER_OTLP_ENDPIONT', known), 'OTEL_EXPORTER_OTLP_ENDPOINT');
    assert.equal(closestName('OTEL_EXPORTER_OTLP_HEADRS', known), 'OTEL_EXPORTER_OTLP_HEADERS');
    assert.equal(closestName('OTEL_EXPORTER_OTLP_CERT', known), undefined);
  });

  it('allows only one edit in short names', () => {
    assert.equal(closestName('grcp', ['grpc']), 'grpc');
    assert.equal(closestName('none', ['otlp']), undefined);
  });
});
