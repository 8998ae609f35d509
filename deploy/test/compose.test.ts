// deploy/compose.yaml runs the shop from deploy/Dockerfile next to the Collector, Jaeger v2, Prometheus and
// Grafana, and every name in it resolves: env names the code reads, ports services listen on, hosts that are
// compose services, files that exist, pinned images.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveConfig } from '@skein/telemetry';
import { otlpReceiverPorts, type CollectorConfig } from './collector-config.js';
import { deployDir, deployPath, readYaml, repoRoot } from './deploy-files.js';
import { serviceEnvNames } from './env-readers.js';
import { PEER_URL_VARIABLES, SERVICE_NAMES, SHOP_PORTS } from './shop-layout.js';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
}
interface PrometheusConfig {
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}

const compose = readYaml<{ services: Record<string, ComposeService> }>(deployPath('compose.yaml'));
const collector = readYaml<CollectorConfig>(deployPath('otel-collector.yaml'));
const prometheus = readYaml<PrometheusConfig>(deployPath('prometheus/prometheus.yml'));
const shop = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);
const hostPort = (target: string): [string, number] => {
  const url = new URL(target.includes('://') ? target : `tcp://${target}`);
  return [url.hostname, Number(url.port)];
};

describe('compose: the shop services', () => {
  it('are the five shop services, each built from deploy/Dockerfile and running its own entry point', () => {
    assert.deepEqual(shop.map(([name]) => name).sort(), [...SERVICE_NAMES].sort());
    for (const [name, service] of shop) {
      const dockerfile = join(deployDir, service.build!.context, service.build!.dockerfile);
      assert.equal(dockerfile, deployPath('Dockerfile'), name);
      assert.deepEqual(service.command, [`examples/shop/dist/${name}.js`]);
      assert.ok(existsSync(join(repoRoot, `examples/shop/src/${name}.ts`)), `source of ${name}`);
    }
  });

  it('get only environment variables that the shop or @skein/telemetry reads', () => {
    const known = serviceEnvNames();
    for (const [name, service] of shop)
      for (const variable of Object.keys(service.environment ?? {}))
        assert.ok(known.has(variable), `${name}: ${variable} is read by no Skein code`);
  });

  it('have a telemetry environment that resolves without warnings and exports to the Collector', () => {
    const { http } = otlpReceiverPorts(collector);
    for (const [name, service] of shop) {
      const { config, warnings } = resolveConfig({}, service.environment);
      assert.deepEqual(warnings, [], name);
      assert.equal(config.serviceName, name);
      assert.equal(config.traces.protocol, 'http/protobuf');
      assert.equal(config.traces.endpoint, `http://otel-collector:${http}/v1/traces`);
      assert.equal(config.logs.endpoint, `http://otel-collector:${http}/v1/logs`);
      assert.equal(config.metrics.exporter, 'none', 'metrics are pulled by Prometheus, not pushed');
    }
    assert.ok(compose.services['otel-collector']);
  });

  it('listen on the ports their peers, the published ports and Prometheus use', () => {
    const targets = new Map(prometheus.scrape_configs.map((j) => [j.job_name, j.static_configs[0]!.targets]));
    for (const [name, service] of shop) {
      const port = SHOP_PORTS[name as keyof typeof SHOP_PORTS];
      const env = service.environment!;
      assert.equal(Number(env.PORT), port, `${name} PORT`);
      assert.equal(env.HOST, '0.0.0.0', `${name} must listen beyond loopback in a container`);
      for (const published of service.ports ?? []) assert.equal(Number(published.split(':').at(-1)), port);
      assert.deepEqual(targets.get(name), [`${name}:${port}`], `Prometheus job ${name}`);
      for (const [peer, variable] of Object.entries(PEER_URL_VARIABLES))
        assert.equal(env[variable], `http://${peer}:${SHOP_PORTS[peer as keyof typeof SHOP_PORTS]}`);
    }
  });
});

describe('compose: the engines', () => {
  it('use pinned images: Collector contrib, Jaeger v2, Prometheus, Grafana', () => {
    const images = Object.fromEntries(
      Object.entries(compose.services)
        .filter(([, s]) => s.build === undefined)
        .map(([name, s]) => [name, s.image!]),
    );
    assert.match(images['otel-collector']!, /^otel\/opentelemetry-collector-contrib:\d+\.\d+\.\d+$/);
    assert.match(images.jaeger!, /^jaegertracing\/jaeger:2\.\d+\.\d+$/);
    assert.match(images.prometheus!, /^prom\/prometheus:v\d+\.\d+\.\d+$/);
    assert.match(images.grafana!, /^grafana\/grafana:\d+\.\d+\.\d+$/);
  });

  it('mount configuration files and folders that exist', () => {
    for (const [name, service] of Object.entries(compose.services))
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('.')) assert.ok(existsSync(join(deployDir, source)), `${name}: ${source}`);
      }
  });

  it('publish the Collector OTLP ports its receivers listen on', () => {
    const { grpc, http } = otlpReceiverPorts(collector);
    assert.deepEqual(compose.services['otel-collector']!.ports, [`${grpc}:${grpc}`, `${http}:${http}`]);
  });

  it('let Prometheus scrape only hosts compose runs, on ports that serve metrics there', () => {
    const prometheusExporterPort = hostPort(
      (collector.exporters!.prometheus as { endpoint: string }).endpoint,
    )[1];
    for (const job of prometheus.scrape_configs)
      for (const target of job.static_configs.flatMap((c) => c.targets)) {
        const [host, port] = hostPort(target);
        assert.ok(compose.services[host], `${job.job_name}: ${host} is not a compose service`);
        if (job.job_name === 'otel-collector') assert.equal(port, prometheusExporterPort);
      }
  });

  it('point Grafana at the Prometheus and Jaeger that compose runs', () => {
    const datasources = readYaml<{ datasources: { url: string }[] }>(
      deployPath('grafana/provisioning/datasources/datasources.yaml'),
    ).datasources;
    for (const { url } of datasources) assert.ok(compose.services[new URL(url).hostname], url);
  });

  it('build an image that runs the compiled shop as a non-root user', () => {
    const dockerfile = readFileSync(deployPath('Dockerfile'), 'utf8');
    assert.ok((dockerfile.match(/^FROM /gm) ?? []).length >= 2, 'multi-stage');
    assert.match(dockerfile, /tsc -b examples\/shop\/tsconfig\.build\.json/);
    assert.ok(existsSync(join(repoRoot, 'examples/shop/tsconfig.build.json')));
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    assert.match(runtime, /^USER node$/m);
    assert.match(runtime, /examples\/shop\/dist/);
  });
});
