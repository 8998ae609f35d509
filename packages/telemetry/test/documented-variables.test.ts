// The docs must not lie: this reads the variable table of docs/telemetry.md and, for every variable documented as
// honoured, runs one case proving it takes effect on a running setupTelemetry() — exporter settings on what an
// OTLP receiver (TLS, private CA) actually gets, the rest on the spans, logs and diagnostics produced. Every
// variable of the spec must be in the table, and a variable documented as not honoured must have no case.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { context, diag, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { waitFor } from '@skein/testkit';
import { KNOWN_VARIABLES } from '../src/config/variable-names.js';
import { instrumentHandler, setupTelemetry, type Telemetry } from '../src/index.js';
import { startOtlpTlsReceiver, type OtlpTlsReceiver, type TlsReceivedRequest } from './otlp-tls-receiver.js';
import { createTestCertificates, type TestCertificates } from './tls-certificates.js';

const DOCS = new URL('../../../docs/telemetry.md', import.meta.url);

/** Variable name → honoured, from the rows between the variables markers. */
function documentedVariables(): Map<string, boolean> {
  const text = readFileSync(DOCS, 'utf8');
  const table = text.slice(text.indexOf('<!-- variables:start -->'), text.indexOf('<!-- variables:end -->'));
  const out = new Map<string, boolean>();
  for (const line of table.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !cells[1]!.startsWith('`')) continue;
    for (const [, name] of cells[1]!.matchAll(/`([A-Z0-9_]+)`/g)) out.set(name!, cells[2] === 'yes');
  }
  return out;
}

let certs: TestCertificates;
let receiver: OtlpTlsReceiver;
let mtlsReceiver: OtlpTlsReceiver;
let closedPort: number;
let caseNumber = 0;

before(async () => {
  certs = createTestCertificates();
  receiver = await startOtlpTlsReceiver(certs, false);
  mtlsReceiver = await startOtlpTlsReceiver(certs, true);
  // A port nothing listens on: where a signal goes when a case wants it not to arrive.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

after(async () => {
  await receiver.close();
  await mtlsReceiver.close();
  certs.remove();
});

type Env = Record<string, string>;
type SignalName = 'traces' | 'metrics' | 'logs';
const SIGNALS: SignalName[] = ['traces', 'metrics', 'logs'];

interface Run {
  telemetry: Telemetry;
  service: string;
  warnings: string[];
  logLines: Record<string, unknown>[];
  spans(): Promise<ReadableSpan[]>;
  /** The requests the receivers got from this run's service. */
  received(signal?: SignalName): TlsReceivedRequest[];
}

/**
 * Starts telemetry in this process with `env` only, plus a unique service name unless `env` sets one; a case that
 * names no OTLP endpoint exports nothing over the network (an absent receiver would make every flush retry).
 */
function start(env: Env): Run {
  const service = `doc-case-${caseNumber++}`;
  const exporter = new InMemorySpanExporter();
  const warnings: string[] = [];
  const logLines: Record<string, unknown>[] = [];
  const telemetry = setupTelemetry({
    env: {
      OTEL_SERVICE_NAME: service,
      ...(Object.keys(env).some((name) => name.endsWith('_ENDPOINT'))
        ? {}
        : { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' }),
      ...env,
    },
    registerGlobals: false,
    clientTracing: false,
    runtimeMetrics: false,
    spanExporter: exporter,
    warn: (line) => warnings.push(line),
    logDestination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n')) if (line) logLines.push(JSON.parse(line));
        callback();
      },
    }),
  });
  return {
    telemetry,
    service,
    warnings,
    logLines,
    async spans() {
      await telemetry.forceFlush();
      return exporter.getFinishedSpans();
    },
    received: (signal) =>
      [...receiver.requests, ...mtlsReceiver.requests].filter(
        (r) => r.services.includes(service) && (signal === undefined || r.signal === signal),
      ),
  };
}

/** Logs inside a span (a log line outside one has its own open issue, #16 defect 1). */
function logInSpan(run: Run, fields: Record<string, unknown>, message: string): void {
  const span = run.telemetry.tracer.startSpan('log');
  context.with(trace.setSpan(context.active(), span), () => run.telemetry.logger.info(fields, message));
  span.end();
}

/** `count` spans (and as many for the logs' context), log records and counter increments. */
function emit(run: Run, count = 1): void {
  for (let i = 0; i < count; i++) logInSpan(run, { item: i }, 'working');
  run.telemetry.meter.createCounter('doc.case.items').add(count);
}

/** Emits, flushes, and returns what arrived per signal after the receivers settle. */
async function exportOnce(env: Env, expect: SignalName[] = SIGNALS): Promise<Run> {
  const run = start(env);
  emit(run);
  await run.telemetry.forceFlush();
  for (const signal of expect)
    await waitFor(`${signal} of ${run.service}`, () => run.received(signal).length > 0);
  await run.telemetry.shutdown();
  return run;
}

const tls = (): Env => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
  OTEL_EXPORTER_OTLP_CERTIFICATE: certs.caFile,
});
const otherSignals = (signal: SignalName): SignalName[] => SIGNALS.filter((s) => s !== signal);
const perSignal = (setting: string) => (signal: SignalName) =>
  `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_${setting}`;

/** Asserts `signal` arrived and the others did not (they went to a closed port, or failed). */
function onlyArrived(run: Run, signal: SignalName): void {
  assert.ok(run.received(signal).length > 0, `${signal} arrived`);
  for (const other of otherSignals(signal)) assert.equal(run.received(other).length, 0, `${other} did not`);
}

function exportFailed(run: Run): boolean {
  return run.warnings.some((w) => /export failed|timed out/.test(w));
}

function attributes(payload: Record<string, unknown>, path: string[]): { key: string }[] {
  let node: unknown = payload;
  for (const key of path) node = ((Array.isArray(node) ? node[0] : node) as Record<string, unknown>)[key];
  return (Array.isArray(node) ? node : []) as { key: string }[];
}

type Case = () => Promise<void>;
const CASES = new Map<string, Case>();
const add = (name: string, run: Case): void => void CASES.set(name, run);

// ---- general ----
add('OTEL_SDK_DISABLED', async () => {
  const run = start({ OTEL_SDK_DISABLED: 'true' });
  assert.equal(run.telemetry.enabled, false);
  assert.equal(run.telemetry.tracer.startSpan('x').isRecording(), false);
  await run.telemetry.shutdown();
});
add('OTEL_SERVICE_NAME', async () => {
  const run = start({ OTEL_SERVICE_NAME: 'documented-service', OTEL_TRACES_EXPORTER: 'none' });
  run.telemetry.tracer.startSpan('x').end();
  assert.equal((await run.spans())[0]!.resource.attributes['service.name'], 'documented-service');
  await run.telemetry.shutdown();
});
add('OTEL_RESOURCE_ATTRIBUTES', async () => {
  const run = start({ OTEL_RESOURCE_ATTRIBUTES: 'team=core%20eu', OTEL_TRACES_EXPORTER: 'none' });
  run.telemetry.tracer.startSpan('x').end();
  assert.equal((await run.spans())[0]!.resource.attributes.team, 'core eu');
  await run.telemetry.shutdown();
});
add('OTEL_NODE_RESOURCE_DETECTORS', async () => {
  const run = start({ OTEL_NODE_RESOURCE_DETECTORS: 'process', OTEL_TRACES_EXPORTER: 'none' });
  run.telemetry.tracer.startSpan('x').end();
  const resource = (await run.spans())[0]!.resource.attributes;
  assert.equal(resource['process.pid'], process.pid);
  assert.equal(resource['host.name'], undefined);
  assert.equal(resource['service.instance.id'], undefined);
  await run.telemetry.shutdown();
});
add('OTEL_LOG_LEVEL', async () => {
  const run = start({ OTEL_LOG_LEVEL: 'debug', OTEL_TRACES_EXPORTER: 'none' });
  diag.debug('documented probe');
  assert.ok(
    run.warnings.some((w) => w.includes('debug: documented probe')),
    run.warnings.join('\n'),
  );
  assert.equal(run.telemetry.logger.level, 'info', 'the application logger keeps its own level');
  await run.telemetry.shutdown();
});
add('SKEIN_LOG_LEVEL', async () => {
  const run = start({ SKEIN_LOG_LEVEL: 'warn', OTEL_TRACES_EXPORTER: 'none' });
  run.telemetry.logger.info('hidden');
  run.telemetry.logger.warn('shown');
  await run.telemetry.shutdown();
  assert.deepEqual(
    run.logLines.map((l) => l.msg),
    ['shown'],
  );
});
add('OTEL_PROPAGATORS', async () => {
  const run = start({ OTEL_PROPAGATORS: 'b3multi', OTEL_TRACES_EXPORTER: 'none' });
  const server = createServer(instrumentHandler(run.telemetry, (_req, res) => void res.end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
    headers: { 'x-b3-traceid': traceId, 'x-b3-spanid': '00f067aa0ba902b7', 'x-b3-sampled': '1' },
  });
  server.close();
  assert.equal((await run.spans())[0]!.spanContext().traceId, traceId);
  await run.telemetry.shutdown();
});
add('OTEL_TRACES_SAMPLER', async () => {
  const run = start({ OTEL_TRACES_SAMPLER: 'always_off', OTEL_TRACES_EXPORTER: 'none' });
  assert.equal(run.telemetry.tracer.startSpan('x').isRecording(), false);
  await run.telemetry.shutdown();
});
add('OTEL_TRACES_SAMPLER_ARG', async () => {
  const run = start({
    OTEL_TRACES_SAMPLER: 'traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0',
    OTEL_TRACES_EXPORTER: 'none',
  });
  assert.equal(run.telemetry.tracer.startSpan('x').isRecording(), false);
  await run.telemetry.shutdown();
});
for (const signal of SIGNALS) {
  add(`OTEL_${signal.toUpperCase()}_EXPORTER`, async () => {
    const run = await exportOnce(
      { ...tls(), [`OTEL_${signal.toUpperCase()}_EXPORTER`]: 'none' },
      otherSignals(signal),
    );
    assert.equal(run.received(signal).length, 0, `no ${signal}`);
  });
}

// ---- OTLP exporter settings: the general variable, then each signal's own ----
add('OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
  const run = await exportOnce(tls());
  for (const signal of SIGNALS) assert.equal(run.received(signal)[0]!.path, `/v1/${signal}`);
});
add('OTEL_EXPORTER_OTLP_PROTOCOL', async () => {
  const run = await exportOnce({ ...tls(), OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
  for (const signal of SIGNALS) assert.equal(run.received(signal)[0]!.protocol, 'grpc', signal);
});
add('OTEL_EXPORTER_OTLP_HEADERS', async () => {
  const run = await exportOnce({ ...tls(), OTEL_EXPORTER_OTLP_HEADERS: 'x-documented=yes' });
  for (const signal of SIGNALS) assert.equal(run.received(signal)[0]!.headers['x-documented'], 'yes', signal);
});
add('OTEL_EXPORTER_OTLP_COMPRESSION', async () => {
  const run = await exportOnce({ ...tls(), OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' });
  for (const signal of SIGNALS) assert.equal(run.received(signal)[0]!.gzip, true, signal);
});
add('OTEL_EXPORTER_OTLP_TIMEOUT', async () => {
  const run = await exportOnce({
    ...tls(),
    OTEL_EXPORTER_OTLP_HEADERS: 'x-delay-ms=1000',
    OTEL_EXPORTER_OTLP_TIMEOUT: '100',
  });
  assert.ok(exportFailed(run), run.warnings.join('\n'));
});
add('OTEL_EXPORTER_OTLP_CERTIFICATE', async () => {
  const run = await exportOnce(tls());
  assert.equal(exportFailed(run), false, run.warnings.join('\n'));
});
for (const variable of ['OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE', 'OTEL_EXPORTER_OTLP_CLIENT_KEY']) {
  add(variable, async () => {
    const run = await exportOnce({
      OTEL_EXPORTER_OTLP_ENDPOINT: mtlsReceiver.endpoint,
      OTEL_EXPORTER_OTLP_CERTIFICATE: certs.caFile,
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs.clientCertFile,
      OTEL_EXPORTER_OTLP_CLIENT_KEY: certs.clientKeyFile,
    });
    for (const signal of SIGNALS) assert.equal(run.received(signal)[0]!.clientName, certs.clientName, signal);
  });
}
for (const signal of SIGNALS) {
  const closed = (): Env => ({ ...tls(), OTEL_EXPORTER_OTLP_ENDPOINT: `https://127.0.0.1:${closedPort}` });
  add(perSignal('ENDPOINT')(signal), async () => {
    const run = await exportOnce(
      { ...closed(), [perSignal('ENDPOINT')(signal)]: `${receiver.endpoint}/custom/${signal}` },
      [signal],
    );
    onlyArrived(run, signal);
    assert.equal(run.received(signal)[0]!.path, `/custom/${signal}`);
  });
  add(perSignal('PROTOCOL')(signal), async () => {
    const run = await exportOnce({ ...tls(), [perSignal('PROTOCOL')(signal)]: 'http/json' });
    assert.equal(run.received(signal)[0]!.protocol, 'http/json');
    for (const other of otherSignals(signal)) assert.equal(run.received(other)[0]!.protocol, 'http/protobuf');
  });
  add(perSignal('HEADERS')(signal), async () => {
    const run = await exportOnce({ ...tls(), [perSignal('HEADERS')(signal)]: 'x-documented=yes' });
    assert.equal(run.received(signal)[0]!.headers['x-documented'], 'yes');
    for (const other of otherSignals(signal))
      assert.equal(run.received(other)[0]!.headers['x-documented'], undefined);
  });
  add(perSignal('COMPRESSION')(signal), async () => {
    const run = await exportOnce({ ...tls(), [perSignal('COMPRESSION')(signal)]: 'gzip' });
    assert.equal(run.received(signal)[0]!.gzip, true);
    for (const other of otherSignals(signal)) assert.equal(run.received(other)[0]!.gzip, false);
  });
  add(perSignal('TIMEOUT')(signal), async () => {
    const run = await exportOnce(
      { ...tls(), [perSignal('HEADERS')(signal)]: 'x-delay-ms=1000', [perSignal('TIMEOUT')(signal)]: '100' },
      otherSignals(signal),
    );
    assert.ok(exportFailed(run), run.warnings.join('\n'));
  });
  add(perSignal('CERTIFICATE')(signal), async () => {
    const env: Env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      [perSignal('CERTIFICATE')(signal)]: certs.caFile,
    };
    const run = await exportOnce(env, [signal]);
    onlyArrived(run, signal);
  });
  for (const setting of ['CLIENT_CERTIFICATE', 'CLIENT_KEY']) {
    add(perSignal(setting)(signal), async () => {
      const run = await exportOnce(
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: mtlsReceiver.endpoint,
          OTEL_EXPORTER_OTLP_CERTIFICATE: certs.caFile,
          [perSignal('CLIENT_CERTIFICATE')(signal)]: certs.clientCertFile,
          [perSignal('CLIENT_KEY')(signal)]: certs.clientKeyFile,
        },
        [signal],
      );
      onlyArrived(run, signal);
    });
  }
}
add('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', async () => {
  const run = await exportOnce({ ...tls(), OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' }, [
    'metrics',
  ]);
  const metrics = (
    run.received('metrics')[0]!.payload.resourceMetrics as {
      scopeMetrics: { metrics: { name: string; sum?: { aggregationTemporality: number } }[] }[];
    }[]
  ).flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
  assert.equal(metrics.find((m) => m.name === 'doc.case.items')?.sum?.aggregationTemporality, 1, 'DELTA');
});

// ---- metric reader ----
add('OTEL_METRIC_EXPORT_INTERVAL', async () => {
  const run = start({ ...tls(), OTEL_METRIC_EXPORT_INTERVAL: '200' });
  emit(run);
  await waitFor('metrics pushed without a flush', () => run.received('metrics').length > 0, {
    timeoutMs: 5000,
  });
  await run.telemetry.shutdown();
});
add('OTEL_METRIC_EXPORT_TIMEOUT', async () => {
  const run = await exportOnce(
    { ...tls(), OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'x-delay-ms=1000', OTEL_METRIC_EXPORT_TIMEOUT: '100' },
    ['traces', 'logs'],
  );
  assert.ok(exportFailed(run), run.warnings.join('\n'));
});

// ---- batch processors ----
const spanCount = (r: TlsReceivedRequest): number =>
  (r.payload.resourceSpans as { scopeSpans: { spans: unknown[] }[] }[]).reduce(
    (n, rs) => n + rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, 0),
    0,
  );
const logCount = (r: TlsReceivedRequest): number =>
  (r.payload.resourceLogs as { scopeLogs: { logRecords: unknown[] }[] }[]).reduce(
    (n, rl) => n + rl.scopeLogs.reduce((m, sl) => m + sl.logRecords.length, 0),
    0,
  );
add('OTEL_BSP_SCHEDULE_DELAY', async () => {
  const run = start({ ...tls(), OTEL_BSP_SCHEDULE_DELAY: '20' });
  emit(run);
  // The default delay is 5 s: spans within 3 s, unflushed, show the variable at work.
  await waitFor('spans sent without a flush', () => run.received('traces').length > 0, { timeoutMs: 3000 });
  await run.telemetry.shutdown();
});
add('OTEL_BLRP_SCHEDULE_DELAY', async () => {
  const run = start({ ...tls(), OTEL_BLRP_SCHEDULE_DELAY: '60000' });
  emit(run);
  // The default delay is 1 s: with 60 s, nothing may arrive in 2.5 s until the flush.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal(run.received('logs').length, 0);
  await run.telemetry.forceFlush();
  await waitFor('logs after the flush', () => run.received('logs').length > 0);
  await run.telemetry.shutdown();
});
for (const [prefix, signal, count] of [
  ['BSP', 'traces', spanCount],
  ['BLRP', 'logs', logCount],
] as const) {
  add(`OTEL_${prefix}_MAX_EXPORT_BATCH_SIZE`, async () => {
    const run = start({ ...tls(), [`OTEL_${prefix}_MAX_EXPORT_BATCH_SIZE`]: '2' });
    emit(run, 5);
    await run.telemetry.forceFlush();
    await waitFor(`5 items of ${signal}`, () => run.received(signal).reduce((n, r) => n + count(r), 0) === 5);
    assert.ok(run.received(signal).every((r) => count(r) <= 2));
    await run.telemetry.shutdown();
  });
  add(`OTEL_${prefix}_MAX_QUEUE_SIZE`, async () => {
    // Batches of one, the first held by a slow receiver: two more fit in the queue, the last two are dropped.
    const run = start({
      ...tls(),
      [`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_HEADERS`]: 'x-delay-ms=300',
      [`OTEL_${prefix}_MAX_QUEUE_SIZE`]: '2',
      [`OTEL_${prefix}_MAX_EXPORT_BATCH_SIZE`]: '1',
    });
    emit(run, 5);
    await run.telemetry.forceFlush();
    await waitFor(`${signal} after the flush`, () => run.received(signal).length >= 3);
    await run.telemetry.shutdown();
    assert.equal(
      run.received(signal).reduce((n, r) => n + count(r), 0),
      3,
      'one sent, two queued, two dropped',
    );
  });
  add(`OTEL_${prefix}_EXPORT_TIMEOUT`, async () => {
    const headers = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_HEADERS`;
    const run = await exportOnce(
      { ...tls(), [headers]: 'x-delay-ms=1000', [`OTEL_${prefix}_EXPORT_TIMEOUT`]: '100' },
      otherSignals(signal),
    );
    assert.ok(exportFailed(run), run.warnings.join('\n'));
  });
}

// ---- limits ----
async function limitedSpan(env: Env, build: (telemetry: Telemetry) => void): Promise<ReadableSpan> {
  const run = start({ ...env, OTEL_TRACES_EXPORTER: 'none' });
  build(run.telemetry);
  const [span] = await run.spans();
  await run.telemetry.shutdown();
  return span!;
}
const withAttributes = (t: Telemetry): void =>
  t.tracer.startSpan('limited', { attributes: { a: 'abcdefgh', b: 1, c: 2 } }).end();
const withEvents = (t: Telemetry): void => {
  const span = t.tracer.startSpan('events');
  for (let i = 0; i < 3; i++) span.addEvent(`e${i}`, { a: 1, b: 2 });
  span.end();
};
const link = {
  context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 },
};
const withLinks = (t: Telemetry): void =>
  t.tracer
    .startSpan('links', { links: [1, 2, 3].map(() => ({ ...link, attributes: { a: 1, b: 2 } })) })
    .end();
for (const name of ['OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT']) {
  add(name, async () =>
    assert.equal((await limitedSpan({ [name]: '3' }, withAttributes)).attributes.a, 'abc'),
  );
}
for (const name of ['OTEL_ATTRIBUTE_COUNT_LIMIT', 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT']) {
  add(name, async () =>
    assert.deepEqual((await limitedSpan({ [name]: '1' }, withAttributes)).attributes, { a: 'abcdefgh' }),
  );
}
add('OTEL_SPAN_EVENT_COUNT_LIMIT', async () =>
  assert.equal((await limitedSpan({ OTEL_SPAN_EVENT_COUNT_LIMIT: '1' }, withEvents)).events.length, 1),
);
add('OTEL_SPAN_LINK_COUNT_LIMIT', async () =>
  assert.equal((await limitedSpan({ OTEL_SPAN_LINK_COUNT_LIMIT: '1' }, withLinks)).links.length, 1),
);
for (const name of ['OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', 'OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT']) {
  add(name, async () =>
    assert.deepEqual((await limitedSpan({ [name]: '1' }, withEvents)).events[0]!.attributes, { a: 1 }),
  );
}
for (const name of ['OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', 'OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT']) {
  add(name, async () =>
    assert.deepEqual((await limitedSpan({ [name]: '1' }, withLinks)).links[0]!.attributes, { a: 1 }),
  );
}
async function logAttributes(env: Env): Promise<{ key: string; value: { stringValue?: string } }[]> {
  const run = start({ ...tls(), ...env, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' });
  logInSpan(run, { a: 'abcdefgh', b: 'xyz' }, 'limited');
  await run.telemetry.forceFlush();
  await waitFor('the log record', () => run.received('logs').length > 0);
  await run.telemetry.shutdown();
  return attributes(run.received('logs')[0]!.payload, [
    'resourceLogs',
    'scopeLogs',
    'logRecords',
    'attributes',
  ]) as {
    key: string;
    value: { stringValue?: string };
  }[];
}
add('OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', async () => {
  assert.equal((await logAttributes({ OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT: '1' })).length, 1);
});
add('OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', async () => {
  const found = await logAttributes({ OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT: '2' });
  assert.equal(found.find((a) => a.key === 'a')?.value.stringValue, 'ab');
});

// ---- declarative configuration ----
for (const name of ['OTEL_CONFIG_FILE', 'OTEL_EXPERIMENTAL_CONFIG_FILE']) {
  add(name, async () => {
    const file = join(certs.dir, `${name}.yaml`);
    writeFileSync(
      file,
      'file_format: "1.0"\nresource:\n  attributes:\n    - name: service.name\n      value: ${NAME}\n',
    );
    const run = start({ [name]: file, NAME: 'from-the-file', OTEL_SERVICE_NAME: 'ignored' });
    run.telemetry.tracer.startSpan('x').end();
    assert.equal((await run.spans())[0]!.resource.attributes['service.name'], 'from-the-file');
    await run.telemetry.shutdown();
  });
}

describe('docs/telemetry.md variable table', () => {
  const documented = documentedVariables();

  it('lists every variable of the spec and no other', () => {
    const expected = new Set([...KNOWN_VARIABLES, 'SKEIN_LOG_LEVEL']);
    assert.deepEqual(
      [...expected].filter((name) => !documented.has(name)),
      [],
      'missing from the table',
    );
    assert.deepEqual(
      [...documented.keys()].filter((name) => !expected.has(name)),
      [],
      'not a known variable',
    );
  });

  for (const [name, honoured] of documented) {
    if (!honoured) {
      it(`${name} is documented as not honoured, and no case claims otherwise`, () => {
        assert.equal(CASES.has(name), false);
      });
      continue;
    }
    it(`${name} takes effect`, async () => {
      const run = CASES.get(name);
      assert.ok(run, `${name} is documented as honoured but no case proves it`);
      await run();
    });
  }
});
