// Node.js runtime metrics under their semconv names: event-loop delay and utilization, V8 heap per space.
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import type { Meter, ObservableGauge } from '@opentelemetry/api';

const NS_PER_S = 1e9;

/** Starts observing; the returned function stops the event-loop monitor. */
export function startRuntimeMetrics(meter: Meter): () => void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gauge = (name: string, unit: string, description: string): ObservableGauge =>
    meter.createObservableGauge(name, { unit, description });
  const delayGauges: [ObservableGauge, () => number][] = [
    [gauge('nodejs.eventloop.delay.min', 's', 'Event loop minimum delay.'), () => delay.min],
    [gauge('nodejs.eventloop.delay.max', 's', 'Event loop maximum delay.'), () => delay.max],
    [gauge('nodejs.eventloop.delay.mean', 's', 'Event loop mean delay.'), () => delay.mean],
    [gauge('nodejs.eventloop.delay.stddev', 's', 'Event loop standard deviation delay.'), () => delay.stddev],
    [gauge('nodejs.eventloop.delay.p50', 's', 'Event loop 50 percentile delay.'), () => delay.percentile(50)],
    [gauge('nodejs.eventloop.delay.p90', 's', 'Event loop 90 percentile delay.'), () => delay.percentile(90)],
    [gauge('nodejs.eventloop.delay.p99', 's', 'Event loop 99 percentile delay.'), () => delay.percentile(99)],
  ];
  const utilization = gauge('nodejs.eventloop.utilization', '1', 'Event loop utilization.');
  const heapUsed = gauge('v8js.memory.heap.used', 'By', 'Heap Memory size allocated.');
  const heapLimit = gauge('v8js.memory.heap.limit', 'By', 'Total heap memory size pre-allocated.');
  let lastUtilization: EventLoopUtilization = performance.eventLoopUtilization();

  meter.addBatchObservableCallback(
    (result) => {
      // The histogram is empty until the first sample: report nothing rather than NaN.
      if (delay.count > 0) {
        for (const [instrument, read] of delayGauges) result.observe(instrument, read() / NS_PER_S);
      }
      delay.reset();
      const now = performance.eventLoopUtilization();
      result.observe(utilization, performance.eventLoopUtilization(now, lastUtilization).utilization);
      lastUtilization = now;
      for (const space of getHeapSpaceStatistics()) {
        const attributes = { 'v8js.heap.space.name': space.space_name };
        result.observe(heapUsed, space.space_used_size, attributes);
        result.observe(heapLimit, space.space_size, attributes);
      }
    },
    [...delayGauges.map(([instrument]) => instrument), utilization, heapUsed, heapLimit],
  );
  return () => delay.disable();
}
