import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimitedReporter } from './rate-limited-reporter.js';

describe('RateLimitedReporter', () => {
  it('prints a repeated problem once per interval and counts the suppressed ones', async () => {
    const lines: string[] = [];
    const reporter = new RateLimitedReporter((line) => lines.push(line), 50);
    for (let i = 0; i < 10; i++) reporter.reportError(new Error('connect ECONNREFUSED 127.0.0.1:4318'));
    reporter.report('another problem');
    assert.equal(lines.length, 2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    reporter.reportError(new Error('connect ECONNREFUSED 127.0.0.1:4318'));
    assert.equal(lines.length, 3);
    assert.match(
      lines[2]!,
      /^\[skein\/telemetry\] export failed: connect ECONNREFUSED .*\(9 similar suppressed\)$/,
    );
  });

  it('says what to do when nothing listens at the OTLP endpoint', () => {
    const lines: string[] = [];
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), { code: 'ECONNREFUSED' });
    new RateLimitedReporter((line) => lines.push(line)).reportError(refused);
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /ECONNREFUSED\): no OTLP receiver listens there; start one .*OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it('keeps only the first line of a multi-line problem', () => {
    const lines: string[] = [];
    new RateLimitedReporter((line) => lines.push(line)).report('Error: boom\n    at somewhere');
    assert.deepEqual(lines, ['[skein/telemetry] Error: boom']);
  });
});
