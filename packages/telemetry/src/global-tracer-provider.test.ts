import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { metrics, propagation, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { globalTracerProviderTaken, SECOND_SDK_WARNING } from './global-tracer-provider.js';
import { setupTelemetry } from './setup.js';

const quietLogs = new Writable({ write: (_chunk, _encoding, callback) => callback() });

function setup(warnings: string[]) {
  return setupTelemetry({
    env: {},
    traces: { exporter: 'none' },
    metrics: { exporter: 'none' },
    logs: { exporter: 'none' },
    clientTracing: false,
    runtimeMetrics: false,
    logDestination: quietLogs,
    warn: (line) => warnings.push(line),
  });
}

/** Forgets every global provider, as a fresh process would have none. */
function resetGlobals(): void {
  trace.disable();
  metrics.disable();
  propagation.disable();
}

describe('a second OpenTelemetry SDK', () => {
  it('is not reported when Skein is the first to register', async () => {
    const warnings: string[] = [];
    const telemetry = setup(warnings);
    await telemetry.shutdown();
    resetGlobals();
    assert.deepEqual(warnings, []);
  });

  it('is reported once when another SDK owns the global tracer provider, which setup leaves in place', async () => {
    assert.equal(globalTracerProviderTaken(), false);
    const other = new BasicTracerProvider();
    trace.setGlobalTracerProvider(other);
    assert.equal(globalTracerProviderTaken(), true);
    const warnings: string[] = [];
    const telemetry = setup(warnings);
    try {
      assert.deepEqual(warnings, [`[skein/telemetry] ${SECOND_SDK_WARNING}`]);
      assert.equal((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate(), other);
    } finally {
      await telemetry.shutdown();
      resetGlobals();
    }
  });
});
