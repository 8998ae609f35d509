// OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta reaches the HTTP duration histograms that the
// instrumentation aggregates itself: a real service exports them over OTLP/HTTP JSON as delta points (each
// request counted once across exports, each interval starting where the previous one ended), while its
// Prometheus endpoint keeps counting cumulatively.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@skein/testkit';
import {
  startOtlpJsonReceiver,
  type OtlpJsonReceiver,
  type ReceivedHistogramPoint,
} from './otlp-json-receiver.js';
import { startTracedService, type ServiceProcess } from './service-process.js';

let receiver: OtlpJsonReceiver;
let service: ServiceProcess;

before(async () => {
  receiver = await startOtlpJsonReceiver();
  service = await startTracedService({
    OTEL_SERVICE_NAME: 'delta-service',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
    OTEL_METRIC_EXPORT_INTERVAL: '200',
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  });
});

after(async () => {
  await service?.process.stop('SIGKILL');
  await receiver?.close();
});

/** The /echo points of http.server.request.duration received so far, with their metric's temporality. */
function echoPoints(): { temporality: number; point: ReceivedHistogramPoint }[] {
  const out: { temporality: number; point: ReceivedHistogramPoint }[] = [];
  for (const metrics of receiver.metricRequests)
    for (const metric of metrics) {
      if (metric.name !== 'http.server.request.duration' || metric.histogram === undefined) continue;
      for (const point of metric.histogram.dataPoints)
        if (point.attributes.some((a) => a.key === 'http.route' && a.value.stringValue === '/echo'))
          out.push({ temporality: metric.histogram.aggregationTemporality, point });
    }
  return out;
}

const total = () => echoPoints().reduce((sum, { point }) => sum + Number(point.count), 0);

async function echo(times: number): Promise<void> {
  for (let i = 0; i < times; i++) await (await fetch(`${service.url}/echo`)).text();
}

describe('delta temporality preference', () => {
  it('exports each request once in delta points that follow each other, Prometheus stays cumulative', async () => {
    await echo(3);
    await waitFor('the first three requests exported', () => total() >= 3);
    const exportsBefore = receiver.metricRequests.length;
    // Several export intervals pass with nothing new: a cumulative exporter would repeat the three.
    await waitFor('three more exports', () => receiver.metricRequests.length >= exportsBefore + 3);
    assert.equal(total(), 3);
    await echo(2);
    await waitFor('the next two requests exported', () => total() >= 5);
    await waitFor('two more exports', () => receiver.metricRequests.length >= exportsBefore + 6);

    const points = echoPoints();
    assert.equal(total(), 5);
    assert.ok(points.length >= 2, `expected the requests in two intervals, got ${points.length} point(s)`);
    for (const { temporality } of points) assert.equal(temporality, 1, 'AGGREGATION_TEMPORALITY_DELTA');
    for (let i = 1; i < points.length; i++)
      assert.equal(points[i]!.point.startTimeUnixNano, points[i - 1]!.point.timeUnixNano);
    for (const { point } of points) {
      assert.ok(point.min !== undefined && point.max !== undefined && point.min <= point.max);
      assert.ok(point.min > 0);
    }

    const scrape = await (await fetch(`${service.url}/metrics`)).text();
    const line = scrape
      .split('\n')
      .find((l) => l.startsWith('http_server_request_duration_count{') && l.includes('/echo'));
    assert.ok(line, 'the /echo series on /metrics');
    assert.equal(Number(line.split(' ').at(-1)), 5);
  });
});
