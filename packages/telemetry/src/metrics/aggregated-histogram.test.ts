import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  type HistogramMetricData,
} from '@opentelemetry/sdk-metrics';
import { AggregatedHistogram, AggregatedHistogramProducer, SERIES_LIMIT } from './aggregated-histogram.js';
import { ManualMetricReader } from '../../test/manual-metric-reader.js';

function histogram(): AggregatedHistogram {
  return new AggregatedHistogram({
    name: 'test.duration',
    description: 'A test histogram.',
    unit: 's',
    boundaries: [0.1, 1, 10],
  });
}

function only(data: HistogramMetricData | undefined): HistogramMetricData['dataPoints'][number] {
  assert.ok(data);
  assert.equal(data.dataPoints.length, 1);
  return data.dataPoints[0]!;
}

describe('AggregatedHistogram', () => {
  it('counts a value equal to a boundary in that boundary’s bucket, and keeps sum, min, max and count', () => {
    const h = histogram();
    const series = h.seriesFor('a', () => ({ route: '/a' }));
    for (const value of [0.05, 0.1, 0.5, 1, 20]) series.record(value);
    const point = only(h.collect([1, 0]));
    assert.deepEqual(point.value.buckets, { boundaries: [0.1, 1, 10], counts: [2, 2, 0, 1] });
    assert.equal(point.value.count, 5);
    assert.ok(Math.abs((point.value.sum ?? 0) - 21.65) < 1e-9);
    assert.equal(point.value.min, 0.05);
    assert.equal(point.value.max, 20);
    assert.deepEqual(point.attributes, { route: '/a' });
  });

  it('builds the attributes of a key once and keeps one series per key', () => {
    const h = histogram();
    let built = 0;
    const attrs = () => {
      built++;
      return { route: '/a' };
    };
    h.seriesFor('a', attrs).record(1);
    h.seriesFor('a', attrs).record(2);
    h.seriesFor('b', () => ({ route: '/b' })).record(3);
    assert.equal(built, 1);
    const data = h.collect([1, 0]);
    assert.equal(data?.dataPoints.length, 2);
    assert.deepEqual(
      data?.dataPoints.map((p) => [p.attributes['route'], p.value.count]),
      [
        ['/a', 2],
        ['/b', 1],
      ],
    );
  });

  it('folds attribute sets past the series limit into one overflow series', () => {
    const h = histogram();
    for (let i = 0; i < SERIES_LIMIT + 50; i++) h.seriesFor(`k${i}`, () => ({ i })).record(1);
    const data = h.collect([1, 0]);
    assert.equal(data?.dataPoints.length, SERIES_LIMIT + 1);
    const overflow = data?.dataPoints.find((p) => p.attributes['otel.metric.overflow'] === true);
    assert.equal(overflow?.value.count, 50);
  });

  it('hands cumulative data that does not change after collection to an SDK metric reader', async () => {
    const h = histogram();
    const reader = new ManualMetricReader({
      metricProducers: [
        new AggregatedHistogramProducer(resourceFromAttributes({}), { name: 'skein-test' }, [h]),
      ],
    });
    const provider = new MeterProvider({ readers: [reader] });
    assert.deepEqual((await reader.collect()).resourceMetrics.scopeMetrics, []);

    h.seriesFor('a', () => ({ route: '/a' })).record(0.5);
    const first = await reader.collect();
    h.seriesFor('a', () => ({ route: '/a' })).record(0.5);
    const second = await reader.collect();

    const [scope] = first.resourceMetrics.scopeMetrics;
    assert.equal(scope?.scope.name, 'skein-test');
    const metric = scope?.metrics[0] as HistogramMetricData;
    assert.equal(metric.descriptor.name, 'test.duration');
    assert.equal(metric.dataPointType, DataPointType.HISTOGRAM);
    assert.equal(metric.aggregationTemporality, AggregationTemporality.CUMULATIVE);
    assert.equal(metric.dataPoints[0]?.value.count, 1);
    const later = second.resourceMetrics.scopeMetrics[0]?.metrics[0] as HistogramMetricData;
    assert.equal(later.dataPoints[0]?.value.count, 2);
    assert.deepEqual(later.dataPoints[0]?.startTime, metric.dataPoints[0]?.startTime);
    await provider.shutdown();
  });

  it('hands delta data to a delta reader: what changed since its last collection, from where that ended', async () => {
    const h = histogram();
    const cumulative = new ManualMetricReader({
      metricProducers: [new AggregatedHistogramProducer(resourceFromAttributes({}), { name: 't' }, [h])],
    });
    const delta = new ManualMetricReader({
      metricProducers: [
        new AggregatedHistogramProducer(
          resourceFromAttributes({}),
          { name: 't' },
          [h],
          AggregationTemporality.DELTA,
        ),
      ],
    });
    const provider = new MeterProvider({ readers: [cumulative, delta] });
    const points = async (reader: ManualMetricReader) => {
      const metric = (await reader.collect()).resourceMetrics.scopeMetrics[0]?.metrics[0] as
        HistogramMetricData | undefined;
      if (metric !== undefined) assert.equal(metric.dataPoints.length > 0, true);
      return metric;
    };
    const a = () => h.seriesFor('a', () => ({ route: '/a' }));
    const b = () => h.seriesFor('b', () => ({ route: '/b' }));

    assert.equal(await points(delta), undefined);
    a().record(0.05);
    a().record(5);
    b().record(0.5);
    const first = await points(delta);
    assert.equal(first?.aggregationTemporality, AggregationTemporality.DELTA);
    const [a1, b1] = first!.dataPoints;
    assert.deepEqual(a1?.value.buckets.counts, [1, 0, 1, 0]);
    assert.deepEqual([a1?.value.count, a1?.value.sum, a1?.value.min, a1?.value.max], [2, 5.05, 0.05, 5]);
    assert.deepEqual(a1?.startTime, h.seriesFor('a', () => ({})).startTime);
    assert.equal(b1?.value.count, 1);

    a().record(0.5);
    a().record(0.7);
    const second = await points(delta);
    // /b recorded nothing since, so only /a is reported, from where the first collection ended.
    assert.equal(second?.dataPoints.length, 1);
    const [a2] = second!.dataPoints;
    assert.deepEqual(a2?.attributes, { route: '/a' });
    assert.deepEqual(a2?.startTime, a1?.endTime);
    assert.deepEqual(a2?.value.buckets.counts, [0, 2, 0, 0]);
    assert.equal(a2?.value.count, 2);
    assert.ok(Math.abs((a2?.value.sum ?? 0) - 1.2) < 1e-9);
    assert.deepEqual([a2?.value.min, a2?.value.max], [0.5, 0.7]);
    assert.equal(await points(delta), undefined);

    // The cumulative reader of the same histogram still sees everything, with all-time min and max.
    const all = await points(cumulative);
    assert.equal(all?.aggregationTemporality, AggregationTemporality.CUMULATIVE);
    const aAll = all?.dataPoints.find((p) => p.attributes['route'] === '/a');
    assert.deepEqual([aAll?.value.count, aAll?.value.min, aAll?.value.max], [4, 0.05, 5]);
    await provider.shutdown();
  });

  it('refuses a second delta reader, which would take the first one’s interval min and max', () => {
    const h = histogram();
    const producer = () =>
      new AggregatedHistogramProducer(
        resourceFromAttributes({}),
        { name: 't' },
        [h],
        AggregationTemporality.DELTA,
      );
    producer();
    assert.throws(producer, /already has a delta reader/);
  });
});
