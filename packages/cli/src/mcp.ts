// `skein mcp`: MCP over stdio for AI assistants that launch local commands, relayed to a running backend.
import { parseArgs } from 'node:util';
import { bridgeMcpStdio } from '@skein/backend';

const HELP = `Usage: skein mcp [options]

Speaks the Model Context Protocol on stdin/stdout and relays every message to the /mcp endpoint of a running
Skein backend, so AI assistants that only start local commands (Claude Desktop, editors) can query traces.
Clients that speak Streamable HTTP can use http://127.0.0.1:16686/mcp directly instead. See docs/mcp.md.

Options:
  --api <url>             Query API of the Skein backend (default http://127.0.0.1:16686)
  --token <token>         Bearer token the backend requires (default: $SKEIN_TOKEN)
  -h, --help              Show this help`;

export async function run(argv: string[]): Promise<number> {
  let values: { api?: string; token?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { api: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    console.error(`skein mcp: ${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const api = values.api ?? 'http://127.0.0.1:16686';
  if (!URL.canParse(api)) {
    console.error(`skein mcp: invalid --api: '${api}' is not a URL`);
    return 2;
  }
  await bridgeMcpStdio({ url: new URL('/mcp', api).href, token: values.token ?? process.env.SKEIN_TOKEN });
  return 0;
}
