// CPU pinning with taskset: the server under test gets core 0, the load generator (this process) core 1.
import { execFileSync } from 'node:child_process';

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const pinning = hasTaskset();

/** Moves every thread of this process to `core`. */
export function pinSelf(core: number): void {
  if (pinning)
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}

/** The command and arguments that run `command args` pinned to `core`. */
export function pinned(core: number, command: string, args: string[]): [string, string[]] {
  return pinning ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];
}
