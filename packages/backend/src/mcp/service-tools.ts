// Tools that tell a model what is there to ask about: the services and their operations.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { spanKindName } from '../query/jaeger/to-jaeger.js';
import type { TelemetryStore } from '../storage/store.js';
import { jsonResult, READ_ONLY, withinBudget } from './tool-result.js';

const operationsInput = { service: z.string().min(1).describe('A service name from list_services.') };

export function registerServiceTools(server: McpServer, store: TelemetryStore): void {
  server.registerTool(
    'list_services',
    {
      title: 'List services',
      description:
        'Lists the names of every service that has reported spans (the OpenTelemetry service.name). ' +
        'Start here: the other tools take these names as their `service` argument.',
      annotations: READ_ONLY,
    },
    () => jsonResult({ services: store.services() }),
  );

  server.registerTool(
    'list_operations',
    {
      title: 'List operations of a service',
      description:
        'Lists the operations (span names, e.g. "GET /orders/:id") a service has reported, each with its ' +
        'span kind: server (handled an incoming request), client (made an outgoing call), producer/consumer ' +
        '(sent/received a message) or internal. Use the names as the `operation` argument of search_traces ' +
        'and get_red_metrics.',
      inputSchema: operationsInput,
      annotations: READ_ONLY,
    },
    ({ service }) => {
      const all = store.operations(service).map((op) => ({ name: op.name, kind: spanKindName(op.kind) }));
      const { items, omitted } = withinBudget(all, 40_000);
      return jsonResult({ service, operations: items, ...(omitted ? { omitted } : {}) });
    },
  );
}
