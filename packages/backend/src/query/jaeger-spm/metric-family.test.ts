import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SpanTiming } from '../../storage/store.js';
import { metricFamily } from './metric-family.js';
import type { MetricsQuery } from './metrics-params.js';

const END = Date.parse('2026-11-25T10:00:00Z');
const query = (over: Partial<MetricsQuery> = {}): MetricsQuery => ({
  services: ['shop'],
  groupByOperation: false,
  kinds: [2],
  endMs: END,
  lookbackMs: 20_000,
  stepMs: 10_000,
  ratePerMs: 10_000,
  ...over,
});
/** A span of `ms` milliseconds starting `agoMs` before END. */
const span = (agoMs: number, ms: number, status = 0, name = 'GET /'): SpanTiming => ({
  name,
  startUs: (END - agoMs) * 1000,
  durationUs: ms * 1000,
  status,
});

test('each point covers the ratePer window ending at it, from endTs - lookback to endTs by step', () => {
  // Windows: (−30 s, −20 s], (−20 s, −10 s], (−10 s, 0]; a span exactly at a point belongs to that point.
  const timings = [span(25_000, 1), span(20_000, 1), span(15_000, 1, 2), span(12_000, 1), span(0, 1)];
  const family = metricFamily({ kind: 'calls' }, [{ service: 'shop', timings }], query());
  assert.deepEqual(family, {
    name: 'service_call_rate',
    type: 'GAUGE',
    help: 'calls/sec, grouped by service',
    metrics: [
      {
        labels: [{ name: 'service_name', value: 'shop' }],
        metricPoints: [
          { gaugeValue: { doubleValue: 0.2 }, timestamp: '2026-11-25T09:59:40Z' },
          { gaugeValue: { doubleValue: 0.2 }, timestamp: '2026-11-25T09:59:50Z' },
          { gaugeValue: { doubleValue: 0.1 }, timestamp: '2026-11-25T10:00:00Z' },
        ],
      },
    ],
  });
  const errors = metricFamily({ kind: 'errors' }, [{ service: 'shop', timings }], query());
  assert.deepEqual(
    errors.metrics[0]!.metricPoints.map((p) => p.gaugeValue.doubleValue),
    [0, 0.5, 0],
  );
});

test('a wider ratePer than step makes overlapping windows; calls are per second over ratePer', () => {
  const timings = [span(15_000, 1), span(5_000, 1)];
  const family = metricFamily(
    { kind: 'calls' },
    [{ service: 'shop', timings }],
    query({ ratePerMs: 20_000 }),
  );
  assert.deepEqual(
    family.metrics[0]!.metricPoints.map((p) => p.gaugeValue.doubleValue),
    [0, 0.05, 0.1],
  );
});

test('latencies are a nearest-rank quantile in milliseconds; windows without calls have no point', () => {
  const timings = [span(8_000, 10), span(7_000, 20), span(6_000, 30), span(5_000, 40.5)];
  const latencies = metricFamily(
    { kind: 'latencies', quantile: 0.95 },
    [{ service: 'shop', timings }],
    query(),
  );
  assert.equal(latencies.name, 'service_latencies');
  assert.equal(latencies.help, '0.95th quantile latency, grouped by service');
  assert.deepEqual(latencies.metrics[0]!.metricPoints, [
    { gaugeValue: { doubleValue: 40.5 }, timestamp: '2026-11-25T10:00:00Z' },
  ]);
  const median = metricFamily({ kind: 'latencies', quantile: 0.5 }, [{ service: 'shop', timings }], query());
  assert.equal(median.metrics[0]!.metricPoints[0]!.gaugeValue.doubleValue, 20);
  const errors = metricFamily({ kind: 'errors' }, [{ service: 'shop', timings }], query());
  assert.equal(errors.metrics[0]!.metricPoints.length, 1);
});

test('latencies follow spans entering and leaving overlapping windows, equal durations included', () => {
  const timings = [span(25_000, 50), span(24_000, 50), span(5_000, 10), span(4_000, 50)];
  const family = metricFamily(
    { kind: 'latencies', quantile: 0.5 },
    [{ service: 'shop', timings }],
    query({ ratePerMs: 20_000 }),
  );
  // (−40 s, −20 s] and (−30 s, −10 s] hold the two 50 ms spans; (−20 s, 0] the 10 ms and one 50 ms span.
  assert.deepEqual(
    family.metrics[0]!.metricPoints.map((p) => p.gaugeValue.doubleValue),
    [50, 50, 10],
  );
});

test('grouped by operation: names, help and an operation label before service_name; empty series left out', () => {
  const family = metricFamily(
    { kind: 'errors' },
    [
      { service: 'shop', operation: 'GET /a', timings: [span(1_000, 1, 2, 'GET /a')] },
      { service: 'shop', operation: 'GET /old', timings: [span(60_000, 1, 0, 'GET /old')] },
    ],
    query({ groupByOperation: true }),
  );
  assert.equal(family.name, 'service_operation_error_rate');
  assert.equal(
    family.help,
    'error rate, computed as a fraction of errors/sec over calls/sec, grouped by service & operation',
  );
  assert.deepEqual(
    family.metrics.map((m) => m.labels),
    [
      [
        { name: 'operation', value: 'GET /a' },
        { name: 'service_name', value: 'shop' },
      ],
    ],
  );
});
