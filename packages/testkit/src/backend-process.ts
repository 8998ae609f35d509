// Starts a real `skein backend` process from the sources, for suites that need a backend they can kill.
import { fileURLToPath } from 'node:url';
import { startProcess, type RunningProcess } from './process.js';

const CLI = fileURLToPath(new URL('../../cli/src/main.ts', import.meta.url));

export interface BackendPorts {
  http: number;
  ui: number;
  grpc: number;
}

export interface BackendProcessOptions {
  /** More `skein backend` options. */
  args?: string[];
  /** Runs the backend through this command line (e.g. a shell setting a resource limit, then `exec "$@"`). */
  launcher?: string[];
  /** Resolve at once instead of waiting for "ready" (for a backend expected to fail at start). */
  ready?: boolean;
}

/** Runs `skein backend` on the given ports and data directory; resolves once it printed "ready". */
export function startBackendProcess(
  dataDir: string,
  ports: BackendPorts,
  options: BackendProcessOptions = {},
): Promise<RunningProcess> {
  const [command = process.execPath, ...launcherArgs] = options.launcher
    ? [...options.launcher, process.execPath]
    : [];
  return startProcess(command, {
    args: [
      ...launcherArgs,
      '--import',
      'tsx',
      '--conditions=@skein/source',
      CLI,
      'backend',
      '--data-dir',
      dataDir,
      '--http-port',
      String(ports.http),
      '--ui-port',
      String(ports.ui),
      '--grpc-port',
      String(ports.grpc),
      ...(options.args ?? []),
    ],
    readyLine: options.ready === false ? undefined : /skein backend ready/,
  });
}
