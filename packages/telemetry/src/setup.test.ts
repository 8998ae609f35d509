import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { freePort } from '@skein/testkit';
import { setupTelemetry } from './setup.js';
import type { TelemetryOptions } from './config/telemetry-options.js';
import { VERSION } from './version.js';

const quietLogs = new Writable({ write: (_chunk, _encoding, callback) => callback() });

function setup(options: TelemetryOptions) {
  const exporter = new InMemorySpanExporter();
  const warnings: string[] = [];
  const telemetry = setupTelemetry({
    registerGlobals: false,
    clientTracing: false,
    runtimeMetrics: false,
    logDestination: quietLogs,
    spanExporter: exporter,
    warn: (line) => warnings.push(line),
    ...options,
  });
  return { telemetry, exporter, warnings };
}

describe('setupTelemetry', () => {
  it('builds the resource from service options, OTEL_RESOURCE_ATTRIBUTES and the host/process', async () => {
    const { telemetry, exporter } = setup({
      env: { OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test', OTEL_TRACES_EXPORTER: 'none' },
      serviceName: 'res-test',
      serviceVersion: '1.2.3',
    });
    telemetry.tracer.startSpan('x').end();
    await telemetry.forceFlush();
    const resource = exporter.getFinishedSpans()[0]!.resource.attributes;
    assert.equal(resource['service.name'], 'res-test');
    assert.equal(resource['service.version'], '1.2.3');
    assert.equal(resource['deployment.environment.name'], 'test');
    assert.match(String(resource['service.instance.id']), /^[0-9a-f-]{36}$/);
    assert.equal(typeof resource['host.name'], 'string');
    assert.equal(typeof resource['host.arch'], 'string');
    assert.equal(resource['process.pid'], process.pid);
    assert.equal(resource['process.runtime.name'], 'nodejs');
    assert.equal(resource['process.runtime.version'], process.versions.node);
    assert.equal(resource['telemetry.sdk.language'], 'nodejs');
    assert.equal(resource['telemetry.distro.name'], 'skein');
    assert.equal(resource['telemetry.distro.version'], VERSION);
    assert.deepEqual(exporter.getFinishedSpans()[0]!.instrumentationScope, {
      name: '@skein/telemetry',
      version: VERSION,
    });
    await telemetry.shutdown();
  });

  it('applies OTEL_TRACES_SAMPLER=always_off and the attribute limits', async () => {
    const off = setup({ env: { OTEL_TRACES_SAMPLER: 'always_off', OTEL_TRACES_EXPORTER: 'none' } });
    assert.equal(off.telemetry.tracer.startSpan('dropped').isRecording(), false);
    await off.telemetry.shutdown();

    const limited = setup({
      env: {
        OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4',
        OTEL_ATTRIBUTE_COUNT_LIMIT: '2',
        OTEL_TRACES_EXPORTER: 'none',
      },
    });
    limited.telemetry.tracer.startSpan('limited', { attributes: { a: 'abcdefgh', b: 1, c: 2 } }).end();
    await limited.telemetry.forceFlush();
    const attributes = limited.exporter.getFinishedSpans()[0]!.attributes;
    assert.deepEqual(attributes, { a: 'abcd', b: 1 });
    await limited.telemetry.shutdown();
  });

  it('applies the OTEL_SPAN_EVENT_COUNT_LIMIT and OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT of the env option', async () => {
    const { telemetry, exporter } = setup({
      env: {
        OTEL_SPAN_EVENT_COUNT_LIMIT: '2',
        OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '1',
        OTEL_TRACES_EXPORTER: 'none',
      },
    });
    const span = telemetry.tracer.startSpan('events');
    for (let i = 0; i < 3; i++) span.addEvent(`e${i}`, { a: 1, b: 2 });
    span.end();
    await telemetry.forceFlush();
    const [done] = exporter.getFinishedSpans();
    assert.deepEqual(
      done!.events.map((e) => [e.name, e.attributes, e.droppedAttributesCount]),
      [
        ['e1', { a: 1 }, 1],
        ['e2', { a: 1 }, 1],
      ],
    );
    assert.equal(done!.droppedEventsCount, 1);
    await telemetry.shutdown();
  });

  it('samples by trace id ratio: 0 drops every root span', async () => {
    const { telemetry } = setup({
      env: {
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0',
        OTEL_TRACES_EXPORTER: 'none',
      },
    });
    assert.equal(telemetry.tracer.startSpan('root').isRecording(), false);
    await telemetry.shutdown();
  });

  it('prints one line per invalid variable and still starts', async () => {
    const { telemetry, warnings } = setup({
      env: { OTEL_BSP_MAX_QUEUE_SIZE: 'lots', OTEL_TRACES_EXPORTER: 'none' },
    });
    assert.equal(telemetry.enabled, true);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^\[skein\/telemetry\] OTEL_BSP_MAX_QUEUE_SIZE="lots" .*using 2048$/);
    await telemetry.shutdown();
  });

  it('with OTEL_SDK_DISABLED=true returns a working no-op handle', async () => {
    const { telemetry, exporter } = setup({ env: { OTEL_SDK_DISABLED: 'true' } });
    assert.equal(telemetry.enabled, false);
    const server = createServer((req, res) => {
      if (req.url === '/metrics') return telemetry.metricsHandler(req, res);
      telemetry.httpServer.handle(req, res, (_req, innerRes, scope) => {
        scope.setRoute('/x');
        innerRes.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/x`, {
      headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    });
    assert.equal(await res.text(), 'ok');
    assert.equal(res.headers.get('traceresponse'), null);
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 200);
    server.close();
    await telemetry.shutdown();
    assert.equal(exporter.getFinishedSpans().length, 0);
  });

  it('neither throws nor blocks when the OTLP backend is absent, and rate-limits the export warnings', async () => {
    const closed = await freePort();
    const { telemetry, warnings } = setup({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}`,
        OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
    });
    const server = createServer((req, res) => telemetry.httpServer.handle(req, res, (_q, r) => r.end('ok')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const started = Date.now();
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 5; i++) {
        const status = await new Promise<number>((resolve, reject) =>
          request(`http://127.0.0.1:${port}/`, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
            .on('error', reject)
            .end(),
        );
        assert.equal(status, 200);
      }
      await telemetry.forceFlush();
    }
    await telemetry.shutdown();
    server.close();
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    const exportWarnings = warnings.filter((w) => w.includes('export failed') || w.includes('ECONNREFUSED'));
    assert.ok(exportWarnings.length >= 1, `expected an export warning, got ${JSON.stringify(warnings)}`);
    assert.ok(exportWarnings.length <= 2, `expected rate-limited warnings, got ${JSON.stringify(warnings)}`);
  });
});
