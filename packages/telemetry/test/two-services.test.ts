// Two real services A → B: one trace end to end, SERVER A → CLIENT A → SERVER B, baggage arrives at B, and the
// traceresponse header of A names the trace; for both outbound clients (fetch and node:http).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@skein/testkit';
import { startOtlpJsonReceiver, type OtlpJsonReceiver, type ReceivedSpan } from './otlp-json-receiver.js';
import { startTracedService, type ServiceProcess } from './service-process.js';

const SERVER = 2;
const CLIENT = 3;

let receiver: OtlpJsonReceiver;
const started: ServiceProcess[] = [];

before(async () => {
  receiver = await startOtlpJsonReceiver();
});

after(async () => {
  await Promise.all(started.map((s) => s.process.stop('SIGKILL')));
  await receiver.close();
});

function otelEnv(service: string): Record<string, string> {
  return {
    OTEL_SERVICE_NAME: service,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '50',
    OTEL_METRICS_EXPORTER: 'none',
  };
}

for (const client of ['fetch', 'http'] as const) {
  describe(`A → B over ${client}`, () => {
    let a: ServiceProcess;

    before(async () => {
      const b = await startTracedService(otelEnv(`b-${client}`));
      a = await startTracedService({
        ...otelEnv(`a-${client}`),
        DOWNSTREAM_URL: `${b.url}/echo`,
        CLIENT: client,
      });
      started.push(b, a);
    });

    it('keeps one trace with SERVER A → CLIENT A → SERVER B, carries baggage and answers traceresponse', async () => {
      const res = await fetch(`${a.url}/call?token=t`, { headers: { baggage: 'tenant=acme,plan=gold' } });
      const echoed = (await res.json()) as { traceparent: string; baggage: string };
      const [, traceId, serverASpanId, flags] = String(res.headers.get('traceresponse')).split('-');
      assert.match(traceId ?? '', /^[0-9a-f]{32}$/);
      assert.equal(flags, '01');
      assert.equal(echoed.baggage, 'tenant=acme,plan=gold');

      const trace = await waitFor('three spans of the trace', () => {
        const spans = receiver.spans.filter((s) => s.traceId === traceId);
        return spans.length >= 4 && spans;
      });
      const find = (service: string, kind: number): ReceivedSpan => {
        const span = trace.find((s) => s.service === service && s.kind === kind);
        assert.ok(span, `${service} kind ${kind} in ${JSON.stringify(trace)}`);
        return span;
      };
      const serverA = find(`a-${client}`, SERVER);
      const clientA = find(`a-${client}`, CLIENT);
      const serverB = find(`b-${client}`, SERVER);
      assert.equal(serverA.spanId, serverASpanId);
      assert.equal(serverA.parentSpanId, '');
      assert.equal(serverA.name, 'GET /call');
      assert.equal(serverA.attributes['url.query'], 'token=REDACTED');
      assert.equal(clientA.parentSpanId, serverA.spanId);
      assert.equal(clientA.name, 'GET');
      assert.equal(serverB.parentSpanId, clientA.spanId);
      assert.equal(serverB.name, 'GET /echo');
      assert.equal(echoed.traceparent, `00-${traceId}-${clientA.spanId}-01`);
      const internal = trace.find((s) => s.name === 'prepare echo');
      assert.equal(internal?.parentSpanId, serverB.spanId);
      assert.equal(
        receiver.spans.filter((s) => s.kind === CLIENT && String(s.attributes['url.full']).includes('/v1/'))
          .length,
        0,
        'exporting telemetry is not itself traced',
      );
    });

    it('exports log records made inside a span as OTLP logs carrying the span ids', async () => {
      const res = await fetch(`${a.url}/call`);
      const [, traceId] = String(res.headers.get('traceresponse')).split('-');
      await res.text();
      const log = await waitFor('the echo log record', () =>
        receiver.logs.find((l) => l.traceId === traceId && l.body === 'echoing'),
      );
      assert.equal(log.service, `b-${client}`);
      assert.match(log.spanId, /^[0-9a-f]{16}$/);
    });
  });
}
