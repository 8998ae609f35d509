// `skein mcp`: MCP over stdio for AI assistants that launch local commands, relayed to a running backend.
import { bridgeMcpStdio } from '@skein/backend';
import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommandArgs } from './traces/command-args.js';
import { CommandError, reportCommandError } from './traces/command-error.js';

const HELP = `Usage: skein mcp [options]

Speaks the Model Context Protocol on stdin/stdout and relays every message to the /mcp endpoint of a running
Skein backend, so AI assistants that only start local commands (Claude Desktop, editors) can query traces.
Clients that speak Streamable HTTP can use http://127.0.0.1:16686/mcp directly instead. See docs/mcp.md.

Options:
${CONNECTION_HELP}`;

export async function run(argv: string[]): Promise<number> {
  try {
    const { values } = parseCommandArgs(argv, CONNECTION_OPTIONS, false);
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const api = values.api ?? 'http://127.0.0.1:16686';
    if (!URL.canParse(api)) throw new CommandError(`invalid --api: '${api}' is not a URL`, 2);
    const url = `${api.replace(/\/+$/, '')}/mcp`;
    await bridgeMcpStdio({ url, token: values.token ?? process.env.SKEIN_TOKEN });
    return 0;
  } catch (err) {
    return reportCommandError(err, HELP);
  }
}
