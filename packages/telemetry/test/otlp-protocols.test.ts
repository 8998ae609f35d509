// One suite, run once per OTLP protocol (grpc, http/protobuf, http/json): a service configured only through
// OTEL_EXPORTER_OTLP_PROTOCOL/ENDPOINT delivers its traces, logs and metrics to the real Skein backend.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startBackend, type RunningBackend } from '@skein/backend';
import { waitFor } from '@skein/testkit';
import type { OtlpProtocol } from '../src/index.js';
import { startTracedService, type ServiceProcess } from './service-process.js';

let backend: RunningBackend;
let dataDir: string;
const started: ServiceProcess[] = [];

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'skein-otlp-'));
  backend = await startBackend({
    host: '127.0.0.1',
    grpcPort: 0,
    httpPort: 0,
    uiPort: 0,
    dataDir,
    log: () => {},
  });
});

after(async () => {
  await Promise.all(started.map((s) => s.process.stop('SIGKILL')));
  await backend.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function query<T>(path: string): Promise<T | undefined> {
  const res = await fetch(`http://127.0.0.1:${backend.uiPort}${path}`);
  return res.ok ? ((await res.json()) as T) : undefined;
}

interface JaegerTrace {
  spans: { operationName: string; processID: string }[];
  processes: Record<string, { serviceName: string }>;
}

const protocols: OtlpProtocol[] = ['grpc', 'http/protobuf', 'http/json'];

for (const protocol of protocols) {
  describe(`OTLP over ${protocol}`, () => {
    const serviceName = `proto-${protocol.replace('/', '-')}`;
    let service: ServiceProcess;
    let traceId: string;

    before(async () => {
      const port = protocol === 'grpc' ? backend.grpcPort : backend.httpPort;
      service = await startTracedService({
        OTEL_SERVICE_NAME: serviceName,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
      });
      started.push(service);
      const res = await fetch(`${service.url}/echo`);
      await res.text();
      traceId = String(res.headers.get('traceresponse')).split('-')[1]!;
    });

    it('delivers the spans of a request', async () => {
      const trace = await waitFor(`trace ${traceId} in the backend`, async () => {
        const body = await query<{ data: JaegerTrace[] }>(`/api/traces/${traceId}`);
        return body?.data[0]?.spans.length === 2 && body.data[0];
      });
      assert.deepEqual(trace.spans.map((s) => s.operationName).sort(), ['GET /echo', 'prepare echo']);
      assert.equal(trace.processes[trace.spans[0]!.processID]?.serviceName, serviceName);
    });

    it('delivers log records correlated with the trace', async () => {
      const logs = await waitFor('the echo log record', async () => {
        const body = await query<{ logs: { service: string; log: { body?: { stringValue?: string } } }[] }>(
          `/api/skein/logs?traceId=${traceId}`,
        );
        return body !== undefined && body.logs.length > 0 && body.logs;
      });
      assert.equal(logs[0]?.service, serviceName);
      assert.equal(logs[0]?.log.body?.stringValue, 'echoing');
    });

    it('delivers the HTTP server metrics', async () => {
      const names = await waitFor('http.server.request.duration in the backend', async () => {
        const body = await query<{ metrics: { name: string }[] }>(
          `/api/skein/metrics?service=${serviceName}`,
        );
        const found = body?.metrics.map((m) => m.name) ?? [];
        return found.includes('http.server.request.duration') && found;
      });
      assert.ok(names.includes('v8js.memory.heap.used'));
    });
  });
}
