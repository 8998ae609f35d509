#!/usr/bin/env node
// The `skein` command: dispatches to one module per subcommand, loaded only when used.

interface Command {
  summary: string;
  load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}

// One entry per subcommand; each lives in its own file and exports `run(argv): Promise<exitCode>`.
const commands: Record<string, Command> = {
  backend: {
    summary: 'run the embedded telemetry backend (OTLP in, Jaeger API out)',
    load: () => import('./backend.js'),
  },
  traces: {
    summary: 'print recent traces from a running backend as trees (--follow for new ones)',
    load: () => import('./traces/traces-command.js'),
  },
  trace: {
    summary: 'print one trace as a tree, with its logs',
    load: () => import('./traces/trace-command.js'),
  },
  mcp: {
    summary: 'serve MCP on stdio for AI assistants, relayed to a running backend',
    load: () => import('./mcp.js'),
  },
  up: {
    summary: 'run the example system, the backend and the UI (what npm start does)',
    load: () => import('./up.js'),
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: skein <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'skein <command> --help' for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`skein: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`skein: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
