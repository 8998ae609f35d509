// Starts a real `skein backend` process from the sources, for suites that need a backend they can kill.
import { fileURLToPath } from 'node:url';
import { startProcess, type RunningProcess } from './process.js';

const CLI = fileURLToPath(new URL('../../cli/src/main.ts', import.meta.url));

export interface BackendPorts {
  http: number;
  ui: number;
  grpc: number;
}

/** Runs `skein backend` on the given ports and data directory; resolves once it printed "ready". */
export function startBackendProcess(
  dataDir: string,
  ports: BackendPorts,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningProcess> {
  return startProcess(process.execPath, {
    args: [
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
      ...extraArgs,
    ],
    env,
    readyLine: /skein backend ready/,
  });
}
