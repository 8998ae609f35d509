// `skein traces`: recent traces from a running backend, printed as trees; --follow keeps printing new ones.
import { renderTrace, useColor } from '@skein/telemetry/trace-tree';
import {
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  parseCommandArgs,
  positiveInteger,
  queryApi,
} from './command-args.js';
import { reportCommandError } from './command-error.js';
import { endQuietlyOnClosedStdout } from './closed-stdout.js';
import { findTraces, type TraceFilter } from './find-traces.js';
import { follow } from './follow.js';
import { fromJaegerTrace, type JaegerTrace } from './jaeger-trace.js';

const HELP = `Usage: skein traces [options]

Prints recent traces from a running Skein backend as trees (oldest first, the newest last): per span its
duration, service, name, ERROR mark and key attributes. Colour on a terminal (NO_COLOR / FORCE_COLOR respected).

Options:
  --service <name>        Only traces with a span of this service
  --operation <name>      Only traces with a span of this name (with --service: of that service)
  --min-duration <d>      Only traces with a span at least this long: 50ms, 1.5s, 2m (Go durations)
  --error                 Only traces with a span whose status is ERROR
  --limit <n>             How many traces (default 20)
  --follow, -f            Then keep printing new traces as they complete, until Ctrl-C
${CONNECTION_HELP}`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  service: { type: 'string' },
  operation: { type: 'string' },
  'min-duration': { type: 'string' },
  error: { type: 'boolean' },
  limit: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
} as const;

export async function run(argv: string[]): Promise<number> {
  try {
    const { values } = parseCommandArgs(argv, OPTIONS, false);
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const api = queryApi(values);
    endQuietlyOnClosedStdout();
    const filter: TraceFilter = {
      service: values.service,
      operation: values.operation,
      minDuration: values['min-duration'],
      error: values.error ?? false,
      limit: positiveInteger(values.limit, 'limit') ?? 20,
    };
    const color = useColor(process.env, process.stdout.isTTY === true);
    const print = (trace: JaegerTrace): void => {
      process.stdout.write(`${renderTrace(fromJaegerTrace(trace), { color })}\n`);
    };
    const traces = await findTraces(api, filter);
    for (const trace of traces.reverse()) print(trace);
    if (!values.follow) {
      if (traces.length === 0) console.error('skein: no traces match');
      return 0;
    }
    await follow(
      api,
      filter,
      traces.map((t) => t.traceID),
      print,
    );
    return 0;
  } catch (err) {
    return reportCommandError(err, HELP);
  }
}
