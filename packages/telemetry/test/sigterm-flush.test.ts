// A service that buffers spans for a minute still delivers them when it is stopped with SIGTERM: its handler
// calls telemetry.shutdown(), which flushes every signal.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@skein/testkit';
import { startOtlpJsonReceiver, type OtlpJsonReceiver } from './otlp-json-receiver.js';
import { startTracedService, type ServiceProcess } from './service-process.js';

let receiver: OtlpJsonReceiver;
let service: ServiceProcess;

before(async () => {
  receiver = await startOtlpJsonReceiver();
  service = await startTracedService({
    OTEL_SERVICE_NAME: 'buffered',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '60000',
    OTEL_METRICS_EXPORTER: 'none',
  });
});

after(async () => {
  await service.process.stop('SIGKILL');
  await receiver.close();
});

describe('shutdown on SIGTERM', () => {
  it('flushes spans still buffered by the batch processor', async () => {
    const res = await fetch(`${service.url}/echo`);
    await res.text();
    const [, traceId] = String(res.headers.get('traceresponse')).split('-');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(receiver.spans.length, 0, 'nothing is exported before the schedule delay');
    const exit = await service.process.stop('SIGTERM');
    assert.equal(exit, 0);
    const spans = await waitFor('the flushed spans', () => {
      const found = receiver.spans.filter((s) => s.traceId === traceId);
      return found.length >= 2 && found;
    });
    assert.deepEqual(spans.map((s) => s.name).sort(), ['GET /echo', 'prepare echo']);
  });
});
