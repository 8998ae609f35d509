// Command-line parsing shared by `skein traces` and `skein trace`: strict flags, bad ones are exit 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CommandError } from './command-error.js';
import { QueryApi } from './query-api.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every trace command takes: where the query API is and its token. */
export const CONNECTION_OPTIONS = {
  api: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export const CONNECTION_HELP = `  --api <url>             Query API of the Skein backend (default http://127.0.0.1:16686)
  --token <token>         Bearer token the backend requires (default: $SKEIN_TOKEN)
  -h, --help              Show this help`;

/** parseArgs with strict flags; its errors become exit-2 CommandErrors. */
export function parseCommandArgs<T extends Options>(
  argv: string[],
  options: T,
  allowPositionals: boolean,
): ReturnType<typeof parseArgs<{ options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CommandError(err instanceof Error ? err.message : String(err), 2);
  }
}

export function queryApi(values: { api?: string; token?: string }): QueryApi {
  const base = values.api ?? 'http://127.0.0.1:16686';
  if (!URL.canParse(base)) throw new CommandError(`invalid --api: '${base}' is not a URL`, 2);
  return new QueryApi(base, values.token ?? process.env.SKEIN_TOKEN);
}

export function positiveInteger(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    throw new CommandError(`invalid --${name}: '${raw}' is not a positive integer`, 2);
  }
  return n;
}
