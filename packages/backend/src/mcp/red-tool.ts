// The RED tool: request rate, errors and duration percentiles of a service's entry spans, from stored spans.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { redBuckets, redByOperation, type RedBucket } from '../query/native/red.js';
import type { TelemetryStore } from '../storage/store.js';
import { jsonResult, READ_ONLY, withinBudget } from './tool-result.js';
import { isoTime, lookbackWindow, rangeInput, ms } from './time-window.js';

/** Server and consumer spans: the requests and messages a service handled, as the native RED API counts. */
const ENTRY_SPAN_KINDS = [2, 5];

const nullableMs = (us: number | null): number | null => (us === null ? null : ms(us));

function figures(bucket: RedBucket) {
  return {
    count: bucket.count,
    errors: bucket.errors,
    errorRate: Number(bucket.errorRate.toFixed(4)),
    ratePerSecond: Number(bucket.rate.toFixed(4)),
    p50Ms: nullableMs(bucket.p50),
    p95Ms: nullableMs(bucket.p95),
    p99Ms: nullableMs(bucket.p99),
  };
}

const redInput = {
  service: z.string().min(1).describe('A service name from list_services.'),
  operation: z.string().min(1).optional().describe('Only this operation (see list_operations).'),
  range: rangeInput,
  buckets: z.number().int().min(1).max(60).default(12).describe('Slices of the time series (1-60).'),
};

export function registerRedTool(server: McpServer, store: TelemetryStore): void {
  server.registerTool(
    'get_red_metrics',
    {
      title: 'Get RED metrics',
      description:
        'Rate, errors and duration of the requests and messages a service handled (its server and consumer ' +
        'spans) over the last `range`: totals (count, errors, errorRate 0-1, ratePerSecond, p50/p95/p99 ' +
        'in ms), the same per operation when no operation is given, and a time series of `buckets` equal ' +
        'slices to spot when things changed.',
      inputSchema: redInput,
      annotations: READ_ONLY,
    },
    ({ service, operation, range, buckets }) => {
      const window = lookbackWindow(range);
      const spanUs = Math.max(1, window.endUs - window.startUs);
      const timings = store.spanTimings({
        ...window,
        service,
        operation,
        kinds: ENTRY_SPAN_KINDS,
        limit: 1_000_000,
      });
      const [total] = redBuckets(timings, window.startUs, window.endUs, spanUs);
      const byOperation = operation
        ? undefined
        : withinBudget(
            redByOperation(timings, window.startUs, window.endUs).map((op) => ({
              operation: op.operation,
              ...figures(op),
            })),
            24_000,
          );
      const series = redBuckets(
        timings,
        window.startUs,
        window.endUs,
        Math.max(1, Math.ceil(spanUs / buckets)),
      );
      return jsonResult({
        service,
        operation: operation ?? null,
        start: isoTime(window.startUs),
        end: isoTime(window.endUs),
        total: figures(total!),
        operations: byOperation?.items,
        omittedOperations: byOperation?.omitted || undefined,
        series: series.map((b) => ({
          start: isoTime(b.start),
          count: b.count,
          errors: b.errors,
          p95Ms: nullableMs(b.p95),
        })),
      });
    },
  );
}
