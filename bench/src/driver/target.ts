// Starts one benchmark target as its own process pinned to core 0 and reads its port and memory.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pinned } from './pinning.js';

export interface TargetSpec {
  /** What --only selects by. */
  id: string;
  name: string;
  /** Module under bench/src/targets/, without extension. */
  module: string;
  env?: Record<string, string>;
}

export interface RunningTarget {
  port: number;
  pid: number;
  /** Peak resident set size so far, in MB (VmHWM). */
  peakRssMb(): number;
  /** CPU time (user + system) the target used so far, in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** USER_HZ: the unit of the CPU times in /proc, 100 on every Linux architecture Node supports. */
const CLOCK_TICKS = 100;

const targetsDir = fileURLToPath(new URL('../../dist/targets/', import.meta.url));
const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));

/** Compiles the targets (and the packages they use) so they run as plain JavaScript, as in production. */
export function buildTargets(): void {
  execFileSync(
    process.execPath,
    [tsc, '-b', fileURLToPath(new URL('../../tsconfig.build.json', import.meta.url))],
    {
      stdio: 'inherit',
    },
  );
}

/** The compiled JavaScript file of a target. */
export function targetEntry(spec: TargetSpec): string {
  return `${targetsDir}${spec.module}.js`;
}

export async function startTarget(
  spec: TargetSpec,
  extraEnv: Record<string, string>,
): Promise<RunningTarget> {
  const [cmd, args] = pinned(0, process.execPath, [targetEntry(spec)]);
  const child: ChildProcess = spawn(cmd, args, {
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', ...extraEnv, ...spec.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) =>
      reject(new Error(`target ${spec.name} exited with ${code} before listening`)),
    );
  });
  child.stdout?.resume();
  // With taskset in front, the node process is taskset's exec'd image: same pid.
  const pid = child.pid!;
  return {
    port,
    pid,
    peakRssMb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    cpuSeconds() {
      // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name): utime and stime in ticks.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    stop() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}
