// `skein traces` and `skein trace` as real processes against a real backend (started in this process) fed over
// OTLP/HTTP by @skein/telemetry: the printed trees, the filters, plain output off a terminal, --follow picking
// up a trace sent after it started, and the exit codes of bad flags, unknown traces and an unreachable backend.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { startBackend, type RunningBackend } from '@skein/backend';
import { setupTelemetry, type Telemetry } from '@skein/telemetry';
import { freePort, startProcess, waitFor } from '@skein/testkit';

const root = new URL('../../../', import.meta.url).pathname;
const CLI = ['--import', 'tsx', '--conditions=@skein/source', 'packages/cli/src/main.ts'];

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'SKEIN_TOKEN']) if (!(key in extra)) delete env[key];
  return env;
}

/** Runs the real CLI to completion; stdout is a pipe, not a terminal. */
function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...CLI, ...args],
      { cwd: root, env: cliEnv(extraEnv), timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });

function service(name: string, httpPort: number): Telemetry {
  return setupTelemetry({
    serviceName: name,
    env: {},
    otlpEndpoint: `http://127.0.0.1:${httpPort}`,
    metrics: { exporter: 'none' },
    batchSpan: { scheduleDelayMs: 10 },
    runtimeMetrics: false,
    clientTracing: false,
    registerGlobals: false,
    logDestination: silent,
  });
}

/** A span from `startMs` lasting `ms`, under `parent` (a span or nothing). */
function span(
  telemetry: Telemetry,
  name: string,
  parent: Span | undefined,
  startMs: number,
  ms: number,
  options: { kind?: SpanKind; attributes?: Record<string, string | number>; error?: string } = {},
): Span {
  const ctx = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
  const s = telemetry.tracer.startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, startTime: startMs },
    ctx,
  );
  if (options.error) s.setStatus({ code: SpanStatusCode.ERROR, message: options.error });
  return s;
}

function end(s: Span, startMs: number, ms: number): string {
  s.end(startMs + ms);
  return s.spanContext().traceId;
}

describe('skein traces / skein trace', { concurrency: 2 }, () => {
  let backend: RunningBackend;
  let dataDir: string;
  let gateway: Telemetry;
  let payments: Telemetry;
  let api: string;
  const t0 = Date.now() - 60_000;
  const ids = { order: '', failed: '', consume: '' };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'skein-traces-'));
    backend = await startBackend({ grpcPort: 0, httpPort: 0, uiPort: 0, dataDir, log: () => {} });
    api = `http://127.0.0.1:${backend.uiPort}`;
    gateway = service('gateway', backend.httpPort);
    payments = service('payments', backend.httpPort);

    // An order: gateway → (db, payments over HTTP), with a log line written in the root span.
    const rootSpan = span(gateway, 'POST /orders', undefined, t0, 180, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'POST',
        'http.route': '/orders',
        'http.response.status_code': 201,
      },
    });
    context.with(trace.setSpan(ROOT_CONTEXT, rootSpan), () => gateway.logger.warn('stock is low'));
    const db = span(gateway, 'SELECT stock', rootSpan, t0 + 5, 4, {
      attributes: { 'db.system.name': 'sqlite', 'db.operation.name': 'SELECT' },
    });
    end(db, t0 + 5, 4);
    const call = span(gateway, 'POST', rootSpan, t0 + 20, 120, { kind: SpanKind.CLIENT });
    const charge = span(payments, 'POST /charges', call, t0 + 25, 100, { kind: SpanKind.SERVER });
    end(charge, t0 + 25, 100);
    end(call, t0 + 20, 120);
    ids.order = end(rootSpan, t0, 180);

    // A failed lookup, 10 s later.
    const failed = span(gateway, 'GET /orders/:id', undefined, t0 + 10_000, 20, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 500, 'error.type': '500' },
      error: 'database locked',
    });
    ids.failed = end(failed, t0 + 10_000, 20);

    // A message consumed by payments, 10 s later again.
    const consume = span(payments, 'orders process', undefined, t0 + 20_000, 3, {
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'skein-outbox', 'messaging.destination.name': 'orders' },
    });
    ids.consume = end(consume, t0 + 20_000, 3);
    await Promise.all([gateway.forceFlush(), payments.forceFlush()]);
  });

  after(async () => {
    await Promise.all([gateway?.shutdown(), payments?.shutdown()]);
    await backend?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints every recent trace as a plain tree, oldest first, with durations, services and the error mark', async () => {
    const { code, stdout, stderr } = await cli(['traces', '--api', api]);
    assert.equal(code, 0, stderr);
    assert.ok(!stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
    const headers = stdout.split('\n').filter((line) => line.startsWith('Trace '));
    assert.deepEqual(
      headers.map((line) => line.split(' ')[1]),
      [ids.order, ids.failed, ids.consume],
    );
    const order = stdout.split('\n\n')[0]!.split('\n');
    assert.match(order[0]!, / {2}180ms {2}4 spans$/);
    assert.deepEqual(order.slice(1), [
      '   180ms  gateway   POST /orders  http.request.method=POST http.route=/orders http.response.status_code=201',
      '  4.00ms  gateway   ├─ SELECT stock  db.system.name=sqlite db.operation.name=SELECT',
      '   120ms  gateway   └─ POST',
      '   100ms  payments     └─ POST /charges',
    ]);
    assert.match(
      stdout,
      /20\.0ms {2}gateway {2}GET \/orders\/:id {2}ERROR "database locked" {2}http\.request\.method=GET http\.response\.status_code=500 error\.type=500\n/,
    );
    assert.match(
      stdout,
      /orders process {2}messaging\.destination\.name=orders messaging\.system=skein-outbox\n/,
    );
  });

  it('filters by service and error, by minimum duration (coloured with FORCE_COLOR), by operation', async () => {
    const [errors, slow, operation] = await Promise.all([
      cli(['traces', '--api', api, '--service', 'gateway', '--error']),
      cli(['traces', '--api', api, '--min-duration', '150ms'], { FORCE_COLOR: '1' }),
      cli(['traces', '--api', api, '--operation', 'orders process', '--limit', '5']),
    ]);
    const traceIds = (r: CliResult): string[] =>
      stripVTControlCharacters(r.stdout)
        .split('\n')
        .filter((line) => line.startsWith('Trace '))
        .map((line) => line.split(' ')[1]!);
    assert.deepEqual(traceIds(errors), [ids.failed], errors.stderr);
    assert.deepEqual(traceIds(slow), [ids.order], slow.stderr);
    assert.deepEqual(traceIds(operation), [ids.consume], operation.stderr);
    assert.ok(slow.stdout.includes('\u001b[36mpayments'), 'FORCE_COLOR colours a pipe');
  });

  it('skein trace prints one trace with its log line under the span it was written in', async () => {
    const { code, stdout, stderr } = await cli(['trace', ids.order, '--api', api]);
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0]!, new RegExp(`^Trace ${ids.order} `));
    assert.match(lines[1]!, /POST \/orders/);
    assert.equal(lines[2], `${' '.repeat(20)}│  · WARN stock is low`);
    assert.match(lines[3]!, /├─ SELECT stock/);
  });

  it('exit codes: 1 for an unknown trace or an unreachable backend, 2 with the usage for bad flags', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const [unknown, down, flag, duration, help] = await Promise.all([
      cli(['trace', 'aaaabbbbccccddddeeeeffff00001111', '--api', api]),
      cli(['traces', '--api', closed]),
      cli(['trace', '--colour', 'abc', '--api', api]),
      cli(['traces', '--api', api, '--min-duration', 'soon']),
      cli(['traces', '--help']),
    ]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /trace aaaabbbbccccddddeeeeffff00001111 not found/);
    assert.equal(down.code, 1);
    assert.match(down.stderr, new RegExp(`cannot reach the Skein backend at ${closed} \\(ECONNREFUSED\\)`));
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /Unknown option '--colour'[\s\S]*Usage: skein trace <trace-id>/);
    assert.equal(duration.code, 2, 'the backend parses the duration and rejects it');
    assert.match(duration.stderr, /invalid minDuration: 'soon'[\s\S]*Usage: skein traces/);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--min-duration <d>/);
  });

  it('--follow prints a trace sent after it started, once, and stops on Ctrl-C', async () => {
    const following = await startProcess(process.execPath, {
      args: [...CLI, 'traces', '--api', api, '--service', 'gateway', '--follow'],
      cwd: root,
      env: cliEnv(),
      readyLine: /following new traces/,
      readyTimeoutMs: 60_000,
    });
    try {
      assert.match(following.output(), new RegExp(`Trace ${ids.failed}`), 'recent traces first');
      const start = Date.now();
      const late = span(gateway, 'DELETE /orders/:id', undefined, start, 7, { kind: SpanKind.SERVER });
      const lateId = end(late, start, 7);
      await gateway.forceFlush();
      await waitFor('the late trace printed', () => following.output().includes(`Trace ${lateId}`), {
        timeoutMs: 30_000,
      });
      assert.equal(await following.stop('SIGINT'), 0);
      const output = following.output();
      assert.equal(output.split(`Trace ${lateId}`).length, 2, 'printed once');
      assert.equal(output.split(`Trace ${ids.order}`).length, 2, 'an old trace is not printed again');
      assert.match(output, /7\.00ms {2}gateway {2}DELETE \/orders\/:id/);
    } finally {
      await following.stop('SIGKILL');
    }
  });
});
