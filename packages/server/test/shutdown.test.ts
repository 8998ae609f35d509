// Graceful shutdown of a real service process: SIGTERM during a slow request lets it finish, refuses new
// connections, flushes the buffered spans and exits 0.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess, waitFor, type RunningProcess } from '@skein/testkit';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';

const fixture = fileURLToPath(new URL('./fixtures/slow-service.ts', import.meta.url));

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

async function startService(port: number, env: Record<string, string>): Promise<RunningProcess> {
  return startProcess(process.execPath, {
    args: ['--import', 'tsx', '--conditions=@skein/source', fixture],
    env: { ...process.env, PORT: String(port), ...env },
    readyLine: /listening on/,
  });
}

describe('graceful shutdown (child process)', () => {
  const started: RunningProcess[] = [];
  let receiver: OtlpReceiver | undefined;
  after(async () => {
    for (const child of started) await child.stop('SIGKILL');
    await receiver?.close();
  });

  it('on SIGTERM finishes the in-flight request, refuses new connections, flushes spans, exits 0', async () => {
    receiver = await startOtlpReceiver();
    const port = await freePort();
    const service = await startService(port, {
      SLOW_MS: '1500',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      // Spans stay buffered until shutdown flushes them.
      OTEL_BSP_SCHEDULE_DELAY: '60000',
    });
    started.push(service);

    const slow = fetch(`http://127.0.0.1:${port}/slow`);
    await waitFor('the slow request to start', () => service.output().includes('slow request started'));
    process.kill(service.pid, 'SIGTERM');
    await waitFor('the listener to close', () => connectionRefused(port), { timeoutMs: 3_000 });

    const res = await slow;
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { done: true });
    assert.equal(await service.exited, 0, service.output());

    const span = receiver.spans.find((s) => s.name === 'GET /slow');
    assert.ok(
      span,
      `the /slow span was flushed at shutdown; got ${receiver.spans.map((s) => s.name).join(', ')}`,
    );
    assert.equal(span.attributes['http.response.status_code'], 200);
  });

  it('drops a request still running at the shutdown deadline and still exits 0', async () => {
    const port = await freePort();
    const service = await startService(port, {
      SLOW_MS: '30000',
      SHUTDOWN_TIMEOUT_MS: '300',
      OTEL_SDK_DISABLED: 'true',
    });
    started.push(service);
    const slow = fetch(`http://127.0.0.1:${port}/slow`).then(
      () => 'answered',
      () => 'dropped',
    );
    await waitFor('the slow request to start', () => service.output().includes('slow request started'));
    const code = await service.stop('SIGTERM', 5_000);
    assert.equal(code, 0, service.output());
    assert.equal(await slow, 'dropped');
  });
});
