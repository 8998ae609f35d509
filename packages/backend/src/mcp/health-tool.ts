// The health tool: what is broken in the system's tracing itself (lost context, skewed clocks, …).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { findHealth } from '../health/find-health.js';
import type { TelemetryStore } from '../storage/store.js';
import { jsonResult, READ_ONLY, withinBudget } from './tool-result.js';
import { isoTime, lookbackWindow, rangeInput } from './time-window.js';

const healthInput = {
  range: rangeInput,
};

export function registerHealthTool(server: McpServer, store: TelemetryStore): void {
  server.registerTool(
    'get_health_findings',
    {
      title: 'Get tracing health findings',
      description:
        'Checks the spans of the last `range` for problems in the telemetry itself, which make traces lie ' +
        'or fall apart: orphan spans and broken context propagation, services that only ever start traces, ' +
        'clock skew between services, missing HTTP semantic-convention attributes, span names with ids in ' +
        'them, high-cardinality attributes. Each finding has a severity, one-sentence message with the ' +
        'likely cause, services and operations involved, a count and example trace ids for get_trace.',
      inputSchema: healthInput,
      annotations: READ_ONLY,
    },
    ({ range }) => {
      const window = lookbackWindow(range);
      const report = findHealth(store, { startMicros: window.startUs, endMicros: window.endUs });
      const findings = withinBudget(report.findings, 40_000);
      return jsonResult({
        start: isoTime(window.startUs),
        end: isoTime(window.endUs),
        checkedSpans: report.checkedSpans,
        truncated: report.truncated,
        findings: findings.items,
        omittedFindings: findings.omitted || undefined,
      });
    },
  );
}
