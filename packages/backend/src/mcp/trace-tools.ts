// Tools over traces: search, read one trace with its logs, and its critical path.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { BackendError } from '../errors.js';
import { parseGoDuration, parseTraceId } from '../query/params.js';
import type { TelemetryStore } from '../storage/store.js';
import { criticalPathView } from './critical-path-view.js';
import { jsonResult, READ_ONLY, withinBudget } from './tool-result.js';
import { isoWindow } from './time-window.js';
import { buildTraceTree, type TraceTree } from './trace-tree.js';
import { logView, serviceResources, spanView, traceIdOf, traceSummary } from './trace-views.js';

const STATUS_CODES = { unset: 0, ok: 1, error: 2 } as const;
const MAX_TRACE_LOGS = 200;

const traceIdInput = {
  traceId: z
    .string()
    .regex(/^[0-9a-fA-F]{1,32}$/, 'a trace id is 32 hex digits')
    .describe('The trace id: 32 hex digits, as search_traces returns it.'),
};

const duration = (what: string) =>
  z.string().optional().describe(`${what}, as a Go duration: "250ms", "1.5s", "2m".`);

const searchInput = {
  service: z.string().min(1).optional().describe('Only spans of this service (see list_services).'),
  operation: z.string().min(1).optional().describe('Only spans with this name (see list_operations).'),
  attributes: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe(
      'Span or resource attributes that must all match exactly, e.g. {"http.response.status_code": 500}.',
    ),
  status: z
    .enum(['ok', 'error', 'unset'])
    .optional()
    .describe('Span status: "error" finds failed operations.'),
  minDuration: duration('Only spans lasting at least this long'),
  maxDuration: duration('Only spans lasting at most this long'),
  start: z.string().optional().describe('Earliest span start, ISO 8601 (e.g. "2026-11-25T10:00:00Z").'),
  end: z.string().optional().describe('Latest span start, ISO 8601; default now.'),
  limit: z.number().int().min(1).max(100).default(20).describe('Most traces to return (1-100).'),
};

function loadTrace(store: TelemetryStore, traceId: string): TraceTree {
  const spans = store.trace(parseTraceId(traceId));
  if (spans.length === 0) throw new BackendError('SKEIN_ERR_NOT_FOUND', `trace ${traceId} not found`);
  return buildTraceTree(spans);
}

const omitted = (n: number): number | undefined => (n > 0 ? n : undefined);

export function registerTraceTools(server: McpServer, store: TelemetryStore): void {
  server.registerTool(
    'search_traces',
    {
      title: 'Search traces',
      description:
        'Finds traces, most recent first. A trace matches when one of its spans matches every filter given ' +
        '(service, operation, attributes, status and duration all apply to that same span). Returns one ' +
        'summary per trace: traceId, root service and operation, start, duration, span and error counts, ' +
        'services involved. Follow up with get_trace or get_critical_path. Without start/end it searches ' +
        'the last 48 hours.',
      inputSchema: searchInput,
      annotations: READ_ONLY,
    },
    (input) => {
      const ids = store.findTraceIds({
        ...isoWindow(input.start, input.end, '48h'),
        service: input.service,
        operation: input.operation,
        status: input.status === undefined ? undefined : STATUS_CODES[input.status],
        minDurationUs: input.minDuration ? parseGoDuration(input.minDuration, 'minDuration') : undefined,
        maxDurationUs: input.maxDuration ? parseGoDuration(input.maxDuration, 'maxDuration') : undefined,
        attributes: Object.entries(input.attributes ?? {}).map(([key, value]) => ({
          key,
          value: String(value),
        })),
        limit: input.limit,
      });
      const { items, omitted: left } = withinBudget(ids, 40_000, (id) =>
        traceSummary(buildTraceTree(store.trace(id))),
      );
      return jsonResult({ traces: items, omittedTraces: omitted(left) });
    },
  );

  server.registerTool(
    'get_trace',
    {
      title: 'Get a trace with its logs',
      description:
        'Returns one trace: its spans depth-first (parents before children, siblings by start time) with ' +
        'service, name, kind, startMs (offset from the trace start), durationMs, status, attributes and ' +
        "events; each service's resource attributes; and the log records correlated with the trace, in " +
        'time order. Very large traces are cut to a size budget and say how many spans or logs were omitted.',
      inputSchema: traceIdInput,
      annotations: READ_ONLY,
    },
    ({ traceId }) => {
      const tree = loadTrace(store, traceId);
      const spans = withinBudget(tree.ordered, 48_000, (node) => spanView(node, tree.startUs));
      const logs = store
        .findLogs({
          startUs: 0,
          endUs: Number.MAX_SAFE_INTEGER,
          traceId: parseTraceId(traceId),
          limit: MAX_TRACE_LOGS,
        })
        .reverse();
      const shownLogs = withinBudget(logs, 16_000, (log) => logView(log, tree.startUs));
      return jsonResult({
        ...traceSummary(tree),
        resources: serviceResources(tree),
        spans: spans.items,
        omittedSpans: omitted(spans.omitted),
        logs: shownLogs.items,
        omittedLogs: omitted(shownLogs.omitted),
      });
    },
  );

  server.registerTool(
    'get_critical_path',
    {
      title: 'Get the critical path of a trace',
      description:
        "Returns the chain of spans that determined the trace's duration: walking back from the end of the " +
        'root span, the child that finished last, then the child that finished before that one started, and ' +
        'so on at every level; between those children the parent itself was the work. `path` lists those ' +
        'spans depth-first with criticalMs, the time each one was the bottleneck (speeding up spans with ' +
        'large criticalMs shortens the trace; spans off the path do not). `segments` is the same path as ' +
        'consecutive time slices from the trace start. Times are ms from the trace start.',
      inputSchema: traceIdInput,
      annotations: READ_ONLY,
    },
    ({ traceId }) => {
      const tree = loadTrace(store, traceId);
      const view = criticalPathView(tree);
      const path = withinBudget(view.path, 32_000);
      const segments = withinBudget(view.segments, 16_000);
      return jsonResult({
        traceId: traceIdOf(tree),
        rootSpanId: view.rootSpanId,
        durationMs: view.durationMs,
        path: path.items,
        omittedPathSpans: omitted(path.omitted),
        segments: segments.items,
        omittedSegments: omitted(segments.omitted),
      });
    },
  );
}
