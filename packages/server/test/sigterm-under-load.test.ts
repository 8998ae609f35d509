// SIGTERM while a service is busy: every request already in flight is answered 200, the spans of all of them
// reach the backend, and the process exits 0.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess, waitFor, type RunningProcess } from '@skein/testkit';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';

const fixture = fileURLToPath(new URL('./fixtures/slow-service.ts', import.meta.url));
const IN_FLIGHT = 50;
let service: RunningProcess | undefined;
let receiver: OtlpReceiver | undefined;
after(async () => {
  await service?.stop('SIGKILL');
  await receiver?.close();
});

it(`on SIGTERM with ${IN_FLIGHT} requests in flight answers them all, flushes their spans, exits 0`, async () => {
  receiver = await startOtlpReceiver();
  const port = await freePort();
  service = await startProcess(process.execPath, {
    args: ['--import', 'tsx', '--conditions=@skein/source', fixture],
    env: {
      ...process.env,
      PORT: String(port),
      SLOW_MS: '1500',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      // Spans stay buffered until shutdown flushes them.
      OTEL_BSP_SCHEDULE_DELAY: '60000',
    },
    readyLine: /listening on/,
  });
  const running = service;
  const requests = Array.from({ length: IN_FLIGHT }, () =>
    fetch(`http://127.0.0.1:${port}/slow`).then(async (res) => ({
      status: res.status,
      body: await res.json(),
    })),
  );
  await waitFor(
    'every request to be in its handler',
    () => running.output().split('slow request started').length - 1 === IN_FLIGHT,
    { timeoutMs: 15_000 },
  );
  process.kill(running.pid, 'SIGTERM');

  const answers = await Promise.all(requests);
  assert.deepEqual(
    answers.filter((a) => a.status !== 200),
    [],
    'every in-flight request answered 200',
  );
  assert.equal(await running.exited, 0, running.output());
  const flushed = receiver.spans.filter((span) => span.name === 'GET /slow').length;
  assert.equal(flushed, IN_FLIGHT, 'the span of every request was flushed at shutdown');
});
