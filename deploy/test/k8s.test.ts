// deploy/kustomization.yaml and deploy/k8s/: every file parses, the shop Deployments probe /readyz and
// /healthz on the port they listen on, request resources, get only env the code reads, and reach the
// Collector gateway, whose ports and configuration match deploy/otel-collector.yaml.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { resolveConfig } from '@skein/telemetry';
import { envDefault, otlpReceiverPorts, type CollectorConfig } from './collector-config.js';
import { deployPath, readYaml, readYamlDocuments } from './deploy-files.js';
import { serviceEnvNames } from './env-readers.js';
import { SERVICE_NAMES, SHOP_PORTS, type ShopService } from './shop-layout.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: { cpu?: string; memory?: string } };
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: {
    selector?: Record<string, unknown>;
    ports?: { name: string; port: number; targetPort: string | number }[];
    template?: {
      metadata: { labels: Record<string, string> };
      spec: { containers: Container[]; volumes?: { name: string; configMap?: { name: string } }[] };
    };
  };
}
interface Kustomization {
  resources: string[];
  configMapGenerator: { name: string; files: string[] }[];
}

const kustomization = readYaml<Kustomization>(deployPath('kustomization.yaml'));
const manifests = kustomization.resources.flatMap((file) => readYamlDocuments<Manifest>(deployPath(file)));
const collector = readYaml<CollectorConfig>(deployPath('otel-collector.yaml'));
const find = (kind: string, name: string): Manifest => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  assert.ok(found, `${kind} ${name}`);
  return found;
};
const containerOf = (name: string): Container => find('Deployment', name).spec!.template!.spec.containers[0]!;
const configMap = (name: string): Record<string, string> => find('ConfigMap', name).data ?? {};

/** The environment a container sees: its ConfigMaps, then its own env with $(VAR) references expanded. */
function environmentOf(container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) Object.assign(env, configMap(source.configMapRef.name));
  for (const v of container.env ?? []) env[v.name] = v.value ?? `<${v.name} from the downward API>`;
  for (const [name, value] of Object.entries(env))
    env[name] = value.replace(/\$\(([A-Z0-9_]+)\)/g, (_, ref: string) => env[ref] ?? '');
  return env;
}

/** The port a Service forwards `port` to, resolved through the target Deployment's named container ports. */
function containerPortBehind(serviceName: string, port: number): number {
  const servicePort = find('Service', serviceName).spec!.ports!.find((p) => p.port === port);
  assert.ok(servicePort, `Service ${serviceName} has port ${port}`);
  const target = servicePort.targetPort;
  if (typeof target === 'number') return target;
  const named = containerOf(serviceName).ports!.find((p) => p.name === target);
  assert.ok(named, `Deployment ${serviceName} names a port ${target}`);
  return named.containerPort;
}

describe('kubernetes manifests', () => {
  it('exist and parse: every kustomization resource and the generated Collector ConfigMap', () => {
    for (const file of kustomization.resources) assert.ok(existsSync(deployPath(file)), file);
    for (const generator of kustomization.configMapGenerator)
      for (const file of generator.files) assert.ok(existsSync(deployPath(file.split('=').at(-1)!)), file);
    assert.ok(manifests.length > 0);
  });

  for (const name of SERVICE_NAMES) {
    describe(`shop service ${name}`, () => {
      const container = containerOf(name);
      const env = environmentOf(container);
      const port = SHOP_PORTS[name as ShopService];

      it('runs its own entry point and listens on its port on every interface', () => {
        assert.deepEqual(container.args, [`examples/shop/dist/${name}.js`]);
        assert.equal(Number(env.PORT), port);
        assert.equal(env.HOST, '0.0.0.0');
        assert.equal(container.ports!.find((p) => p.name === 'http')?.containerPort, port);
        assert.equal(containerPortBehind(name, port), port, 'its Service forwards to that port');
      });

      it('is ready on /readyz and alive on /healthz, probed on its http port', () => {
        assert.deepEqual(container.readinessProbe?.httpGet, { path: '/readyz', port: 'http' });
        assert.deepEqual(container.livenessProbe?.httpGet, { path: '/healthz', port: 'http' });
      });

      it('gets only variables Skein reads (besides those feeding $(…) references)', () => {
        const known = serviceEnvNames();
        const referenced = new Set(
          (container.env ?? []).flatMap((v) =>
            [...(v.value ?? '').matchAll(/\$\(([A-Z0-9_]+)\)/g)].map((m) => m[1]),
          ),
        );
        for (const variable of Object.keys(env))
          assert.ok(known.has(variable) || referenced.has(variable), `${variable} is read by no Skein code`);
      });

      it('resolves its telemetry settings without warnings and exports to the Collector Service', () => {
        const { config, warnings } = resolveConfig({}, env);
        assert.deepEqual(warnings, []);
        assert.equal(config.serviceName, name);
        const endpoint = new URL(config.traces.endpoint);
        assert.equal(endpoint.pathname, '/v1/traces');
        const behind = containerPortBehind(endpoint.hostname, Number(endpoint.port));
        assert.equal(behind, otlpReceiverPorts(collector).http, 'the Collector OTLP/HTTP receiver');
      });
    });
  }

  it('requests CPU and memory for every container', () => {
    for (const m of manifests.filter((x) => x.kind === 'Deployment'))
      for (const c of m.spec!.template!.spec.containers) {
        assert.ok(c.resources?.requests?.cpu, `${m.metadata.name} cpu`);
        assert.ok(c.resources?.requests?.memory, `${m.metadata.name} memory`);
      }
  });

  it('runs the Collector gateway with the generated configuration and its receivers ports', () => {
    const container = containerOf('otel-collector');
    assert.match(container.image, /^otel\/opentelemetry-collector-contrib:\d+\.\d+\.\d+$/);
    const volume = find('Deployment', 'otel-collector').spec!.template!.spec.volumes!.find(
      (v) => v.configMap,
    );
    assert.deepEqual(
      kustomization.configMapGenerator.map((g) => g.name),
      [volume!.configMap!.name],
    );
    assert.deepEqual(kustomization.configMapGenerator[0]!.files, ['config.yaml=otel-collector.yaml']);
    assert.ok(container.args!.some((a) => a.endsWith('/config.yaml')));
    const { grpc, http } = otlpReceiverPorts(collector);
    assert.equal(containerPortBehind('otel-collector', grpc), grpc);
    assert.equal(containerPortBehind('otel-collector', http), http);
  });

  it('points the Collector at a Jaeger Service that forwards to Jaeger OTLP gRPC', () => {
    const env = environmentOf(containerOf('otel-collector'));
    const jaeger =
      env.JAEGER_OTLP_ENDPOINT ??
      envDefault((collector.exporters!['otlp/jaeger'] as { endpoint: string }).endpoint);
    const [host, port] = jaeger.split(':');
    assert.equal(containerPortBehind(host!, Number(port)), 4317);
    assert.match(containerOf('jaeger').image, /^jaegertracing\/jaeger:2\.\d+\.\d+$/);
  });
});
