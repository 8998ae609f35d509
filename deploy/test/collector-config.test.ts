// deploy/otel-collector.yaml, alone and with the tail-sampling overlay, is a configuration the Collector
// accepts structurally: every component a pipeline names is defined, connectors join two pipelines, and
// the processors come in the order that protects the Collector and keeps span metrics exact.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  configurationProblems,
  envDefault,
  mergeConfigs,
  otlpReceiverPorts,
  type CollectorConfig,
} from './collector-config.js';
import { deployPath, readYaml } from './deploy-files.js';

const base = readYaml<CollectorConfig>(deployPath('otel-collector.yaml'));
const tailSampling = mergeConfigs(base, readYaml(deployPath('otel-collector.tail-sampling.yaml')));
const variants: [string, CollectorConfig][] = [
  ['otel-collector.yaml', base],
  ['with otel-collector.tail-sampling.yaml', tailSampling],
];

for (const [name, config] of variants) {
  describe(`Collector configuration ${name}`, () => {
    it('defines every component its pipelines and service name', () => {
      assert.deepEqual(configurationProblems(config), []);
    });

    it('has traces, metrics and logs pipelines fed by the OTLP receiver', () => {
      const pipelines = config.service.pipelines;
      for (const signal of ['traces', 'metrics', 'logs'])
        assert.ok(pipelines[signal]?.receivers.includes('otlp'), `${signal} receives otlp`);
    });

    it('puts memory_limiter first and batch last in every pipeline that batches', () => {
      for (const [id, pipeline] of Object.entries(config.service.pipelines)) {
        const processors = pipeline.processors ?? [];
        if (pipeline.receivers.includes('otlp')) assert.equal(processors[0], 'memory_limiter', id);
        if (processors.includes('batch')) assert.equal(processors.at(-1), 'batch', id);
      }
    });

    it('exports traces to Jaeger over OTLP, metrics to Prometheus and something to debug', () => {
      const exporters = Object.values(config.service.pipelines).flatMap((p) => p.exporters);
      for (const exporter of ['otlp/jaeger', 'prometheus', 'debug'])
        assert.ok(exporters.includes(exporter), exporter);
    });

    it('feeds span metrics with every span, before any sampling', () => {
      const feeding = Object.values(config.service.pipelines).filter((p) =>
        p.exporters.includes('spanmetrics'),
      );
      assert.equal(feeding.length, 1);
      assert.ok(feeding[0]!.receivers.includes('otlp'));
      assert.ok(!(feeding[0]!.processors ?? []).includes('tail_sampling'));
    });
  });
}

describe('Collector endpoints', () => {
  it('receives OTLP on the standard ports, gRPC 4317 and HTTP 4318, on every interface', () => {
    assert.deepEqual(otlpReceiverPorts(base), { grpc: 4317, http: 4318 });
    const protocols = (base.receivers!.otlp as { protocols: Record<string, { endpoint: string }> }).protocols;
    for (const p of Object.values(protocols)) assert.match(p.endpoint, /^0\.0\.0\.0:/);
  });

  it('sends traces to Jaeger over OTLP gRPC, jaeger:4317 unless JAEGER_OTLP_ENDPOINT says otherwise', () => {
    const jaeger = base.exporters!['otlp/jaeger'] as { endpoint: string };
    assert.equal(envDefault(jaeger.endpoint), 'jaeger:4317');
  });
});

describe('tail sampling overlay', () => {
  const policies = (tailSampling.processors!.tail_sampling as { policies: { type: string }[] }).policies;

  it('keeps traces with an error and slow traces', () => {
    const types = policies.map((p) => p.type);
    assert.ok(types.includes('status_code'));
    assert.ok(types.includes('latency'));
    const errors = policies.find((p) => p.type === 'status_code') as unknown as {
      status_code: { status_codes: string[] };
    };
    assert.deepEqual(errors.status_code.status_codes, ['ERROR']);
  });

  it('samples in a second pipeline that exports to Jaeger, leaving the base untouched', () => {
    const sampled = Object.values(tailSampling.service.pipelines).filter((p) =>
      (p.processors ?? []).includes('tail_sampling'),
    );
    assert.equal(sampled.length, 1);
    assert.deepEqual(sampled[0]!.exporters, ['otlp/jaeger']);
    assert.equal(base.processors!.tail_sampling, undefined);
  });
});
