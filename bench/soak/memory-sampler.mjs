// Preloaded into every soak process (NODE_OPTIONS=--import, before tsx is registered, hence plain JS): appends
// process.memoryUsage() to $SKEIN_SOAK_MEMORY_DIR/<pid>.jsonl every few seconds, with the heap in use right
// after the last major GC — the live heap, free of the sawtooth between collections.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';

const dir = process.env.SKEIN_SOAK_MEMORY_DIR;
if (dir) {
  const file = join(dir, `${process.pid}.jsonl`);
  let heapAfterGc = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
        heapAfterGc = process.memoryUsage().heapUsed;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const sample = () => {
    const m = process.memoryUsage();
    const line = { t: Date.now(), rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, heapAfterGc };
    appendFileSync(
      file,
      `${JSON.stringify({ ...line, external: m.external, arrayBuffers: m.arrayBuffers })}\n`,
    );
  };
  setInterval(sample, Number(process.env.SKEIN_SOAK_MEMORY_INTERVAL_MS ?? 5000)).unref();
  sample();
}
