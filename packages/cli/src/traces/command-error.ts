// The one error the trace commands throw: a message for stderr and the exit code it ends the command with.

/** Exit 1: the backend is unreachable, refuses us or has no such trace. Exit 2: the command line is wrong. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Prints a CommandError (with the usage text for exit 2) and returns its exit code; rethrows anything else. */
export function reportCommandError(err: unknown, usage: string): number {
  if (!(err instanceof CommandError)) throw err;
  console.error(`skein: ${err.message}`);
  if (err.exitCode === 2) console.error(`\n${usage}`);
  return err.exitCode;
}
