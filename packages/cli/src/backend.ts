// `skein backend`: runs the embedded telemetry backend in the foreground until SIGTERM/SIGINT.
import { parseArgs } from 'node:util';
import { startBackend } from '@skein/backend';

const HELP = `Usage: skein backend [options]

Receives OTLP from any OpenTelemetry SDK, stores it durably and answers queries (Jaeger API + /api/skein).

Options:
  --host <addr>           Address to listen on (default 127.0.0.1; others require --token)
  --grpc-port <n>         OTLP/gRPC port (default 4317)
  --http-port <n>         OTLP/HTTP port (default 4318)
  --ui-port <n>           Query API and UI port (default 16686)
  --data-dir <path>       Where the database lives (default .skein/)
  --retention <age>       Delete data older than this, e.g. 7d, 12h (default 7d)
  --max-size <size>       Delete the oldest data beyond this size, e.g. 2GB (default 2GB)
  --token <token>         Require "Authorization: Bearer <token>" on OTLP and the API (default: $SKEIN_TOKEN)
  --insecure-no-token     Allow a non-loopback --host without a token (anyone can read and write)
  -h, --help              Show this help`;

function portOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --${name}: ${value}`);
  return port;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      'grpc-port': { type: 'string' },
      'http-port': { type: 'string' },
      'ui-port': { type: 'string' },
      'data-dir': { type: 'string' },
      retention: { type: 'string' },
      'max-size': { type: 'string' },
      token: { type: 'string' },
      'insecure-no-token': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const backend = await startBackend({
    host: values.host,
    grpcPort: portOption(values['grpc-port'], 'grpc-port'),
    httpPort: portOption(values['http-port'], 'http-port'),
    uiPort: portOption(values['ui-port'], 'ui-port'),
    dataDir: values['data-dir'],
    retention: values.retention,
    maxSize: values['max-size'],
    token: values.token ?? process.env.SKEIN_TOKEN,
    insecureNoToken: values['insecure-no-token'],
  });
  const host = backend.host.includes(':') ? `[${backend.host}]` : backend.host;
  console.log(`skein backend: data in ${backend.dataDir}`);
  console.log(`  OTLP/gRPC  ${host}:${backend.grpcPort}`);
  console.log(`  OTLP/HTTP  http://${host}:${backend.httpPort}/v1/{traces,logs,metrics}`);
  console.log(`  query API  http://${host}:${backend.uiPort}/api/`);
  console.log('skein backend ready');
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      console.log(`skein backend: ${signal}, stopping`);
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await backend.stop();
  return 0;
}
