// Starts fixtures/traced-service.ts as a real child process and resolves its port.
import { fileURLToPath } from 'node:url';
import { startProcess, type RunningProcess } from '@skein/testkit';

const FIXTURE = fileURLToPath(new URL('./fixtures/traced-service.ts', import.meta.url));

export interface ServiceProcess {
  process: RunningProcess;
  url: string;
}

export async function startTracedService(env: Record<string, string>): Promise<ServiceProcess> {
  const child = await startProcess(process.execPath, {
    args: ['--import', 'tsx', '--conditions=@skein/source', FIXTURE],
    env: { PATH: process.env.PATH, ...env },
    readyLine: /listening \d+/,
  });
  const port = /listening (\d+)/.exec(child.output())![1];
  return { process: child, url: `http://127.0.0.1:${port}` };
}
