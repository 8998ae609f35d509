// Skein as a Model Context Protocol server: read-only tools over the stored traces, logs and RED metrics.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { TelemetryStore } from '../storage/store.js';
import { registerHealthTool } from './health-tool.js';
import { registerRedTool } from './red-tool.js';
import { registerServiceTools } from './service-tools.js';
import { registerTraceTools } from './trace-tools.js';

const INSTRUCTIONS =
  'Skein stores OpenTelemetry traces and logs of web services. To investigate: list_services, then ' +
  'search_traces (e.g. status "error" or a minDuration) or get_red_metrics to find what is slow or failing; ' +
  'get_trace shows one request across services with its logs; get_critical_path shows which spans its ' +
  'duration waited on; get_health_findings shows where the tracing itself is broken. All times in answers are ISO 8601 (UTC) or milliseconds.';

/** A fresh MCP server with every Skein tool registered, reading `store`. */
export function createSkeinMcpServer(store: TelemetryStore): McpServer {
  const server = new McpServer({ name: 'skein', version: '0.1.0' }, { instructions: INSTRUCTIONS });
  registerServiceTools(server, store);
  registerTraceTools(server, store);
  registerRedTool(server, store);
  registerHealthTool(server, store);
  return server;
}
