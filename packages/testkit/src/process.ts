// Starts real child processes for integration tests and guarantees they are killed (by pid), even when
// the test fails or the runner exits early.
import { spawn, type ChildProcess } from 'node:child_process';

export interface StartProcessOptions {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolve once a line of stdout/stderr matches. */
  readyLine?: RegExp;
  readyTimeoutMs?: number;
}

export interface RunningProcess {
  child: ChildProcess;
  pid: number;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Sends a signal and resolves with the exit code (or signal name) once the process has exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
  exited: Promise<number | string>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) if (child.pid) safeKill(child.pid, 'SIGKILL');
});

function safeKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Spawns `command` and, with `readyLine`, waits until it prints a matching line. */
export async function startProcess(
  command: string,
  options: StartProcessOptions = {},
): Promise<RunningProcess> {
  const child = spawn(command, options.args ?? [], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  live.add(child);
  let out = '';
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? -1);
    });
  });
  const onData = (chunk: Buffer): void => {
    out += chunk.toString('utf8');
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const running: RunningProcess = {
    child,
    pid: child.pid,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM', timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      safeKill(child.pid!, signal);
      const timer = setTimeout(() => safeKill(child.pid!, 'SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };

  if (options.readyLine) {
    const pattern = options.readyLine;
    const timeoutMs = options.readyTimeoutMs ?? 20_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${command} did not print ${pattern} within ${timeoutMs} ms; output:\n${out}`));
      }, timeoutMs);
      const check = (): void => {
        if (pattern.test(out)) {
          cleanup();
          resolve();
        }
      };
      const early = (code: number | string): void => {
        cleanup();
        reject(new Error(`${command} exited (${code}) before it was ready; output:\n${out}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.stderr?.off('data', check);
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      void exited.then(early);
      check();
    }).catch(async (err: unknown) => {
      await running.stop('SIGKILL');
      throw err;
    });
  }
  return running;
}
