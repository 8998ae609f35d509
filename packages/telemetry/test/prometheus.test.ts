// The /metrics exposition is valid Prometheus text (promtool check metrics) and a real Prometheus scrapes it:
// a series recorded by the traced service can be read back through Prometheus's query API.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, startProcess, systemDependency, waitFor, type RunningProcess } from '@skein/testkit';
import { startTracedService, type ServiceProcess } from './service-process.js';

const prometheus = systemDependency('prometheus', 'apt-get install -y prometheus');
const promtool = systemDependency('promtool', 'apt-get install -y prometheus');

let service: ServiceProcess;
let workDir: string;
const running: RunningProcess[] = [];

before(async () => {
  service = await startTracedService({
    OTEL_SERVICE_NAME: 'scraped',
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  });
  running.push(service.process);
  for (let i = 0; i < 3; i++) await (await fetch(`${service.url}/echo`)).text();
  workDir = await mkdtemp(join(tmpdir(), 'skein-prometheus-'));
});

after(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await rm(workDir, { recursive: true, force: true });
});

function promtoolCheck(path: string, exposition: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(exposition);
  });
}

describe('Prometheus exposition', () => {
  it(
    'passes promtool check metrics and holds the HTTP and runtime series',
    { skip: promtool.skip },
    async () => {
      const res = await fetch(`${service.url}/metrics`);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await res.text();
      for (const name of [
        'http_server_request_duration_bucket',
        'http_server_active_requests',
        'nodejs_eventloop_delay_p99',
        'v8js_memory_heap_used',
      ]) {
        assert.ok(text.includes(name), `${name} in the exposition`);
      }
      const check = await promtoolCheck(promtool.path!, text);
      assert.equal(check.code, 0, check.output);
    },
  );

  it(
    'is scraped by a real Prometheus and queryable through /api/v1/query',
    { skip: prometheus.skip },
    async () => {
      const port = await freePort();
      const config = join(workDir, 'prometheus.yml');
      await writeFile(
        config,
        [
          'global:',
          '  scrape_interval: 1s',
          'scrape_configs:',
          '  - job_name: skein',
          '    static_configs:',
          `      - targets: ['${new URL(service.url).host}']`,
          '',
        ].join('\n'),
      );
      running.push(
        await startProcess(prometheus.path!, {
          args: [
            `--config.file=${config}`,
            `--storage.tsdb.path=${join(workDir, 'data')}`,
            `--web.listen-address=127.0.0.1:${port}`,
          ],
          readyLine: /Server is ready to receive web requests/,
          readyTimeoutMs: 30_000,
        }),
      );
      const query = encodeURIComponent('http_server_request_duration_count{job="skein",http_route="/echo"}');
      const value = await waitFor(
        'the scraped request count',
        async () => {
          const body = (await (
            await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${query}`)
          ).json()) as {
            status: string;
            data: { result: { metric: Record<string, string>; value: [number, string] }[] };
          };
          return body.status === 'success' && body.data.result[0];
        },
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      assert.equal(value.metric.http_request_method, 'GET');
      assert.equal(value.metric.http_response_status_code, '200');
      assert.equal(Number(value.value[1]), 3);
    },
  );
});
