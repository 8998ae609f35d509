// A test that needs a program from the system (prometheus, chromium) fails under CI=true when it is
// missing, and elsewhere skips with a one-line reason.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface SystemDependency {
  /** Absolute path of the program, when found. */
  path: string | undefined;
  /** Pass as the `skip` option of node:test: a reason string when the test must skip, else false. */
  skip: string | false;
}

function which(program: string): string | undefined {
  if (program.includes('/')) return isExecutable(program) ? program : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, program);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Looks a program up on PATH. Under CI=true a missing program throws (the suite fails); otherwise the
 * returned `skip` carries a reason.
 */
export function systemDependency(program: string, installHint: string): SystemDependency {
  const path = which(program);
  if (path) return { path, skip: false };
  const reason = `${program} not found (${installHint})`;
  if (process.env.CI === 'true') throw new Error(`CI=true and a system dependency is missing: ${reason}`);
  return { path: undefined, skip: reason };
}
