// Explicit-bucket histograms aggregated in place and handed to the SDK's metric readers through a MetricProducer.
// The SDK's Histogram.record() sorts and JSON-stringifies the attributes on every call to find the series
// (about 2–3 µs per request); the HTTP instrumentation knows its series by a short key it builds anyway, so it
// looks the series up by that key and adds to plain numbers. What the readers receive is the SDK's own
// HistogramMetricData, so Prometheus and OTLP see the same metric as from an SDK instrument: cumulative, or delta
// for an exporter that asks for it (OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta or lowmemory).
import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { millisToHrTime, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type HistogramMetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';

/** Series per histogram before new attribute sets fold into one overflow series, as the SDK's default limit. */
export const SERIES_LIMIT = 2000;

const OVERFLOW_KEY = '\u0000overflow';

/** One attribute set of a histogram: its counts since the series began. */
export class HistogramSeries {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** The smallest and largest value since the delta reader last collected (see {@link takeIntervalExtremes}). */
  private intervalMin = Infinity;
  private intervalMax = -Infinity;
  readonly counts: number[];

  constructor(
    readonly attributes: Attributes,
    readonly startTime: HrTime,
    private readonly boundaries: readonly number[],
  ) {
    this.counts = new Array<number>(boundaries.length + 1).fill(0);
  }

  record(value: number): void {
    const boundaries = this.boundaries;
    let i = 0;
    // Buckets are (previous, boundary]: a value equal to a boundary counts in that boundary's bucket.
    while (i < boundaries.length && value > boundaries[i]!) i++;
    this.counts[i]!++;
    this.count++;
    this.sum += value;
    if (value < this.intervalMin) {
      this.intervalMin = value;
      if (value < this.min) this.min = value;
    }
    if (value > this.intervalMax) {
      this.intervalMax = value;
      if (value > this.max) this.max = value;
    }
  }

  /** Min and max since the last call, and starts the next interval. Only the one delta producer calls this. */
  takeIntervalExtremes(): { min: number; max: number } {
    const extremes = { min: this.intervalMin, max: this.intervalMax };
    this.intervalMin = Infinity;
    this.intervalMax = -Infinity;
    return extremes;
  }
}

/** What a delta producer reported of one series last time. */
interface Reported {
  count: number;
  sum: number;
  counts: number[];
  time: HrTime;
}

export interface HistogramDescriptor {
  name: string;
  description: string;
  unit: string;
  boundaries: readonly number[];
}

export class AggregatedHistogram {
  private readonly series = new Map<string, HistogramSeries>();
  /** What the delta producer reported of each series; undefined until one is attached. */
  private reported: Map<HistogramSeries, Reported> | undefined;

  constructor(readonly descriptor: HistogramDescriptor) {}

  /**
   * The series of `key`; `attributes` builds its attribute set the first time the key is seen. Keys must
   * identify attribute sets one to one. Past SERIES_LIMIT series, new keys share one series marked
   * `otel.metric.overflow=true`.
   */
  seriesFor(key: string, attributes: () => Attributes): HistogramSeries {
    let series = this.series.get(key);
    if (series !== undefined) return series;
    if (this.series.size >= SERIES_LIMIT) {
      series = this.series.get(OVERFLOW_KEY);
      if (series !== undefined) return series;
      key = OVERFLOW_KEY;
      series = this.newSeries({ 'otel.metric.overflow': true });
    } else {
      series = this.newSeries(attributes());
    }
    this.series.set(key, series);
    return series;
  }

  /** The cumulative data of every series, or undefined while nothing was recorded. */
  collect(endTime: HrTime): HistogramMetricData | undefined {
    if (this.series.size === 0) return undefined;
    const boundaries = this.descriptor.boundaries;
    const dataPoints: HistogramMetricData['dataPoints'] = [];
    for (const series of this.series.values()) {
      dataPoints.push({
        startTime: series.startTime,
        endTime,
        attributes: series.attributes,
        value: {
          buckets: { boundaries: [...boundaries], counts: [...series.counts] },
          count: series.count,
          sum: series.sum,
          min: series.min,
          max: series.max,
        },
      });
    }
    return this.metricData(AggregationTemporality.CUMULATIVE, dataPoints);
  }

  /** Lets one delta producer read this histogram; a second would steal the first one's interval min and max. */
  attachDeltaReader(): void {
    if (this.reported !== undefined) throw new Error(`${this.descriptor.name} already has a delta reader`);
    this.reported = new Map();
  }

  /**
   * What each series recorded since the previous delta collection, starting where that one ended (the first
   * interval of a series starts with the series), as the OpenTelemetry data model defines delta points. Series
   * that recorded nothing since are left out, as the SDK does; undefined when no series recorded anything.
   */
  collectDelta(endTime: HrTime): HistogramMetricData | undefined {
    const reported = this.reported;
    if (reported === undefined) throw new Error(`${this.descriptor.name} has no delta reader attached`);
    const boundaries = this.descriptor.boundaries;
    const dataPoints: HistogramMetricData['dataPoints'] = [];
    for (const series of this.series.values()) {
      const last = reported.get(series);
      const count = series.count - (last?.count ?? 0);
      if (count === 0) continue;
      const counts = series.counts.map((c, i) => c - (last?.counts[i] ?? 0));
      const { min, max } = series.takeIntervalExtremes();
      dataPoints.push({
        startTime: last?.time ?? series.startTime,
        endTime,
        attributes: series.attributes,
        value: {
          buckets: { boundaries: [...boundaries], counts },
          count,
          sum: series.sum - (last?.sum ?? 0),
          min,
          max,
        },
      });
      reported.set(series, {
        count: series.count,
        sum: series.sum,
        counts: [...series.counts],
        time: endTime,
      });
    }
    return dataPoints.length === 0 ? undefined : this.metricData(AggregationTemporality.DELTA, dataPoints);
  }

  private metricData(
    aggregationTemporality: AggregationTemporality,
    dataPoints: HistogramMetricData['dataPoints'],
  ): HistogramMetricData {
    const { name, description, unit } = this.descriptor;
    return {
      descriptor: { name, description, unit, valueType: ValueType.DOUBLE },
      aggregationTemporality,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints,
    };
  }

  private newSeries(attributes: Attributes): HistogramSeries {
    return new HistogramSeries(attributes, millisToHrTime(Date.now()), this.descriptor.boundaries);
  }
}

/**
 * Hands the histograms to one metric reader (`metricProducers`), under the given instrumentation scope, with the
 * temporality that reader's exporter asks of histograms. At most one delta producer may read a histogram.
 */
export class AggregatedHistogramProducer implements MetricProducer {
  constructor(
    private readonly resource: Resource,
    private readonly scope: InstrumentationScope,
    private readonly histograms: readonly AggregatedHistogram[],
    private readonly temporality: AggregationTemporality = AggregationTemporality.CUMULATIVE,
  ) {
    if (temporality === AggregationTemporality.DELTA) for (const h of histograms) h.attachDeltaReader();
  }

  collect(): Promise<CollectionResult> {
    const endTime = millisToHrTime(Date.now());
    const delta = this.temporality === AggregationTemporality.DELTA;
    const metrics: HistogramMetricData[] = [];
    for (const histogram of this.histograms) {
      const data = delta ? histogram.collectDelta(endTime) : histogram.collect(endTime);
      if (data !== undefined) metrics.push(data);
    }
    return Promise.resolve({
      resourceMetrics: {
        resource: this.resource,
        scopeMetrics: metrics.length === 0 ? [] : [{ scope: this.scope, metrics }],
      },
      errors: [],
    });
  }
}
