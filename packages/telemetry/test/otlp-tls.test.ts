// TLS, mutual TLS and gzip for every signal and protocol: a service configured only through the
// OTEL_EXPORTER_OTLP_* variables exports traces, metrics and logs to an HTTPS/gRPC receiver whose certificate comes
// from a private CA made for this run. The default trace exporter (Skein's own protobuf encoder) once ignored these
// variables while the metric and log exporters read them; every cell of signal × protocol is checked here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@skein/testkit';
import type { OtlpProtocol } from '../src/index.js';
import { startOtlpTlsReceiver, type OtlpTlsReceiver } from './otlp-tls-receiver.js';
import { startTracedService, type ServiceProcess } from './service-process.js';
import { createTestCertificates, type TestCertificates } from './tls-certificates.js';

const protocols: OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];
const signals = ['traces', 'metrics', 'logs'] as const;

let certs: TestCertificates;
let tlsReceiver: OtlpTlsReceiver;
let mtlsReceiver: OtlpTlsReceiver;
const started: ServiceProcess[] = [];

before(async () => {
  certs = createTestCertificates();
  tlsReceiver = await startOtlpTlsReceiver(certs, false);
  mtlsReceiver = await startOtlpTlsReceiver(certs, true);
});

after(async () => {
  await Promise.all(started.map((s) => s.process.stop('SIGKILL')));
  await tlsReceiver.close();
  await mtlsReceiver.close();
  certs.remove();
});

const fastExport = {
  OTEL_BSP_SCHEDULE_DELAY: '50',
  OTEL_BLRP_SCHEDULE_DELAY: '50',
  OTEL_METRIC_EXPORT_INTERVAL: '300',
};

async function runService(serviceName: string, env: Record<string, string>): Promise<void> {
  const service = await startTracedService({ OTEL_SERVICE_NAME: serviceName, ...fastExport, ...env });
  started.push(service);
  await (await fetch(`${service.url}/echo`)).text();
}

async function expectEverySignal(
  receiver: OtlpTlsReceiver,
  serviceName: string,
  protocol: OtlpProtocol,
  expected: { gzip: boolean; clientName: string | undefined },
): Promise<void> {
  for (const signal of signals) {
    const request = await waitFor(`${signal} of ${serviceName} over ${protocol}`, () =>
      receiver.requests.find((r) => r.signal === signal && r.services.includes(serviceName)),
    );
    assert.equal(request.protocol, protocol, `${signal} protocol`);
    assert.equal(request.gzip, expected.gzip, `${signal} gzip`);
    assert.equal(request.clientName, expected.clientName, `${signal} client certificate`);
  }
}

for (const protocol of protocols) {
  describe(`OTLP ${protocol} over TLS`, () => {
    const slug = protocol.replace('/', '-');

    it('trusts the private CA of OTEL_EXPORTER_OTLP_CERTIFICATE and compresses with gzip, for every signal', async () => {
      const name = `tls-${slug}`;
      await runService(name, {
        OTEL_EXPORTER_OTLP_ENDPOINT: tlsReceiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_CERTIFICATE: certs.caFile,
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      });
      await expectEverySignal(tlsReceiver, name, protocol, { gzip: true, clientName: undefined });
    });

    it('presents the client certificate of the per-signal variables to a receiver that requires one', async () => {
      const name = `mtls-${slug}`;
      const perSignal: Record<string, string> = {};
      for (const signal of signals) {
        const prefix = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_`;
        perSignal[`${prefix}CERTIFICATE`] = certs.caFile;
        perSignal[`${prefix}CLIENT_CERTIFICATE`] = certs.clientCertFile;
        perSignal[`${prefix}CLIENT_KEY`] = certs.clientKeyFile;
        perSignal[`${prefix}COMPRESSION`] = 'none';
      }
      await runService(name, {
        OTEL_EXPORTER_OTLP_ENDPOINT: mtlsReceiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        ...perSignal,
      });
      await expectEverySignal(mtlsReceiver, name, protocol, { gzip: false, clientName: certs.clientName });
    });
  });
}
