// `skein traces | head`: when the reader of stdout goes away, the command ends quietly instead of dying on EPIPE.

export function endQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(0);
  });
}
