// deploy/prometheus passes promtool (config, rules and the rules' unit tests), and a real Prometheus running
// deploy/prometheus/prometheus.yml — targets moved to the free ports of the shop started from source, rules
// loaded, intervals shortened — scrapes every service and records the RED series from real traffic.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSystem } from '@skein/example-shop';
import { freePort, startProcess, systemDependency, waitFor, type RunningProcess } from '@skein/testkit';
import { stringify } from 'yaml';
import { startShop, type ShopStack } from '../../examples/shop/test/shop-stack.js';
import { deployPath, readYaml } from './deploy-files.js';
import { SERVICE_NAMES } from './shop-layout.js';

const prometheus = systemDependency('prometheus', 'apt-get install -y prometheus');
const promtool = systemDependency('promtool', 'apt-get install -y prometheus');

const RECORDED = [
  'job:http_server_requests:rate5m',
  'job:http_server_request_errors:ratio_rate5m',
  'job:http_server_request_duration:p99_rate5m',
] as const;

interface ScrapeJob {
  job_name: string;
  static_configs: { targets: string[] }[];
}
interface PrometheusConfig {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: ScrapeJob[];
}
interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

function runPromtool(...args: string[]): void {
  const run = spawnSync(promtool.path!, args, { cwd: deployPath('prometheus'), encoding: 'utf8' });
  assert.equal(run.status, 0, `promtool ${args.join(' ')}:\n${run.stdout}${run.stderr}`);
}

describe('promtool', { skip: promtool.skip }, () => {
  it('accepts prometheus.yml', () => runPromtool('check', 'config', 'prometheus.yml'));
  it('accepts rules.yml', () => runPromtool('check', 'rules', 'rules.yml'));
  it('passes the rules unit tests: recorded values and when each alert fires', () =>
    runPromtool('test', 'rules', 'rules.test.yml'));
});

describe('Prometheus scraping the shop', { skip: prometheus.skip }, () => {
  let shop: ShopStack | undefined;
  let server: RunningProcess | undefined;
  let workDir: string;
  let queryUrl: string;
  let stopTraffic: (() => Promise<void>) | undefined;

  /** deploy/prometheus/prometheus.yml with the shop jobs aimed at this test's services. */
  function configForTest(stack: ShopStack): PrometheusConfig {
    const config = readYaml<PrometheusConfig>(deployPath('prometheus/prometheus.yml'));
    const shopJobs = config.scrape_configs.filter((job) =>
      (SERVICE_NAMES as readonly string[]).includes(job.job_name),
    );
    assert.deepEqual(shopJobs.map((j) => j.job_name).sort(), [...SERVICE_NAMES].sort(), 'a job per service');
    for (const job of shopJobs)
      job.static_configs = [
        { targets: [new URL(stack.url(job.job_name as (typeof SERVICE_NAMES)[number])).host] },
      ];
    return {
      ...config,
      global: { ...config.global, scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: config.rule_files.map((file) => deployPath('prometheus', file)),
      scrape_configs: shopJobs,
    };
  }

  async function query(expr: string): Promise<Sample[]> {
    const res = await fetch(`${queryUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; data: { result: Sample[] }; error?: string };
    assert.equal(body.status, 'success', `${expr}: ${body.error}`);
    return body.data.result;
  }

  /** Waits until `expr` has a sample for every shop service, and returns them by service. */
  function perService(expr: string): Promise<Map<string, number>> {
    return waitFor(
      `${expr} for every service`,
      async () => {
        const byJob = new Map((await query(expr)).map((s) => [s.metric.job!, Number(s.value[1])]));
        return SERVICE_NAMES.every((name) => byJob.has(name)) && byJob;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  }

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'skein-deploy-prometheus-'));
    // Nothing listens there: the services' OTLP export fails quietly; Prometheus pulls the metrics.
    shop = await startShop({ otlpEndpoint: `http://127.0.0.1:${await freePort()}` });
    const configFile = join(workDir, 'prometheus.yml');
    await writeFile(configFile, stringify(configForTest(shop)));
    const port = await freePort();
    queryUrl = `http://127.0.0.1:${port}`;
    server = await startProcess(prometheus.path!, {
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(workDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      readyLine: /Server is ready to receive web requests/,
      readyTimeoutMs: 30_000,
    });
    // Traffic runs until the end: a series must grow across scrapes for rate() to see it.
    stopTraffic = createSystem({ basePort: 0, dataDir: workDir, faults: {} }).traffic({
      rate: 20,
      baseUrl: shop.url('gateway'),
      log: () => {},
    });
  });

  after(async () => {
    await stopTraffic?.();
    await server?.stop('SIGKILL');
    await shop?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('reads the request rate of every service back through the query API', async () => {
    const rates = await perService(
      'sum by (job) (rate(http_server_request_duration_count{http_route!~"/healthz|/readyz|/metrics"}[1m]))',
    );
    for (const [job, rate] of rates) assert.ok(rate > 0, `${job} served traffic (rate ${rate})`);
  });

  it('records request rate, error ratio and p99 for every service', async () => {
    const [requests, errors, p99] = await Promise.all(RECORDED.map(perService));
    for (const name of SERVICE_NAMES) {
      assert.ok(requests!.get(name)! > 0, `${name} request rate`);
      const ratio = errors!.get(name)!;
      assert.ok(ratio >= 0 && ratio <= 1, `${name} error ratio ${ratio}`);
      const latency = p99!.get(name)!;
      assert.ok(latency > 0 && latency <= 10, `${name} p99 ${latency} s within the histogram's buckets`);
    }
  });

  it('evaluates every recording and alerting rule without error', async () => {
    const rules = await waitFor(
      'every rule evaluated',
      async () => {
        const body = (await (await fetch(`${queryUrl}/api/v1/rules`)).json()) as {
          data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
        };
        const all = body.data.groups.flatMap((g) => g.rules);
        return all.length > 0 && all.every((r) => r.health !== 'unknown') && all;
      },
      { timeoutMs: 10_000, intervalMs: 250 },
    );
    for (const rule of rules) assert.equal(rule.health, 'ok', `${rule.name}: ${rule.lastError}`);
    assert.deepEqual(
      rules.filter((r) => (RECORDED as readonly string[]).includes(r.name)).map((r) => r.name),
      [...RECORDED],
    );
  });
});
