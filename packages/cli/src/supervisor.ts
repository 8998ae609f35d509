// Starts services as child processes, waits for each to be ready, and stops them all (by pid) on request.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceSpec } from './system.js';

interface Running {
  spec: ServiceSpec;
  child: ChildProcess;
  logFile: string;
  log: WriteStream;
  exited: Promise<number | string>;
}

export class Supervisor {
  private readonly running: Running[] = [];
  private stopping = false;

  constructor(
    private readonly logDir: string,
    private readonly baseEnv: NodeJS.ProcessEnv,
    private readonly onUnexpectedExit: (name: string, code: number | string, tail: string) => void,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  /** Spawns the service; its stdout and stderr go to `<logDir>/<name>.log`. */
  start(spec: ServiceSpec): void {
    const logFile = join(this.logDir, `${spec.name}.log`);
    const log = createWriteStream(logFile, { flags: 'w' });
    // A service run from source needs this process's loader flags (tsx); a built one gets none.
    const loader = spec.entry.endsWith('.ts') ? process.execArgv : [];
    const child = spawn(process.execPath, [...loader, spec.entry], {
      env: { ...this.baseEnv, PORT: String(spec.port), OTEL_SERVICE_NAME: spec.name, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const exited = new Promise<number | string>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
    );
    const entry: Running = { spec, child, logFile, log, exited };
    this.running.push(entry);
    void exited.then((code) => {
      if (!this.stopping) this.onUnexpectedExit(spec.name, code, this.tail(entry));
    });
  }

  /** Polls the service's /readyz until it answers 200; fails early if the process exits. */
  async waitReady(name: string, timeoutMs = 60_000): Promise<void> {
    const entry = this.running.find((r) => r.spec.name === name);
    if (!entry) throw new Error(`unknown service ${name}`);
    const deadline = Date.now() + timeoutMs;
    const url = `http://127.0.0.1:${entry.spec.port}/readyz`;
    while (Date.now() < deadline) {
      if (entry.child.exitCode !== null || entry.child.signalCode !== null) {
        throw new Error(
          `${name} exited during start-up; last lines of ${entry.logFile}:\n${this.tail(entry)}`,
        );
      }
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
        await res.body?.cancel();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(
      `${name} was not ready within ${timeoutMs} ms; last lines of ${entry.logFile}:\n${this.tail(entry)}`,
    );
  }

  /** SIGTERM to every service, SIGKILL after the grace period; resolves when all have exited. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.running.map(async (r) => {
        if (r.child.exitCode === null && r.child.signalCode === null) {
          r.child.kill('SIGTERM');
          const timer = setTimeout(() => r.child.kill('SIGKILL'), graceMs);
          await r.exited;
          clearTimeout(timer);
        }
        r.log.end();
      }),
    );
  }

  private tail(entry: Running, lines = 20): string {
    try {
      return readFileSync(entry.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no output)';
    }
  }
}
