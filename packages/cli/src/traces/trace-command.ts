// `skein trace <id>`: one trace as a tree, with its log records under the spans they were written in.
import { renderTrace, useColor } from '@skein/telemetry/trace-tree';
import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommandArgs, queryApi } from './command-args.js';
import { endQuietlyOnClosedStdout } from './closed-stdout.js';
import { CommandError, reportCommandError } from './command-error.js';
import { fetchTrace } from './find-traces.js';
import { fromJaegerTrace, traceTimes } from './jaeger-trace.js';
import { fromNativeLog, type NativeLog } from './native-log.js';

const HOUR_US = 3600e6;

const HELP = `Usage: skein trace <trace-id> [options]

Prints one trace from a running Skein backend as a tree, with its log records under their spans.
Exits 1 when the backend does not have the trace.

Options:
${CONNECTION_HELP}`;

export async function run(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseCommandArgs(argv, CONNECTION_OPTIONS, true);
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new CommandError('expected one trace id', 2);
    const id = positionals[0]!.toLowerCase();
    if (!/^[0-9a-f]{1,32}$/.test(id))
      throw new CommandError(`invalid trace id '${id}': expected hex digits`, 2);
    const api = queryApi(values);
    endQuietlyOnClosedStdout();
    const trace = await fetchTrace(api, id);
    if (!trace) throw new CommandError(`trace ${id} not found`, 1);
    // A trace's records are found by its id; the time window only has to be wide enough for clock skew and
    // for records written after a span's start time was set explicitly.
    const { startUs, endUs } = traceTimes(trace);
    const logs = await api.get<{ logs: NativeLog[] }>(
      `/api/skein/logs?traceId=${id}&start=${startUs - HOUR_US}&end=${endUs + HOUR_US}&limit=1000`,
    );
    const color = useColor(process.env, process.stdout.isTTY === true);
    process.stdout.write(
      renderTrace(fromJaegerTrace(trace), { color, logs: (logs?.logs ?? []).map(fromNativeLog) }),
    );
    return 0;
  } catch (err) {
    return reportCommandError(err, HELP);
  }
}
