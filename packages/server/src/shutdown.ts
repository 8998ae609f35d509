// Graceful shutdown of a node:http server: stop accepting, let in-flight requests finish, close idle
// keep-alive sockets as they free up, and force the rest once the deadline passes.
import type { Server } from 'node:http';

// How often idle keep-alive sockets are swept while draining: a request finishing mid-drain leaves its
// socket idle, and server.close() alone would wait for the keep-alive timeout.
const SWEEP_INTERVAL_MS = 50;

export interface DrainResult {
  /** True when the deadline passed and open connections were destroyed. */
  forced: boolean;
}

/** Closes `server` and resolves once every connection is gone, forcibly after `deadlineMs`. */
export function drainServer(server: Server, deadlineMs: number): Promise<DrainResult> {
  return new Promise((resolve) => {
    let forced = false;
    const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_INTERVAL_MS);
    const deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, deadlineMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve({ forced });
    });
    server.closeIdleConnections();
  });
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Calls `onSignal` once on the first SIGTERM or SIGINT; returns a function that removes the listeners. */
export function onShutdownSignal(onSignal: (signal: NodeJS.Signals) => void): () => void {
  const listener = (signal: NodeJS.Signals): void => {
    remove();
    onSignal(signal);
  };
  const remove = (): void => {
    for (const signal of SIGNALS) process.off(signal, listener);
  };
  for (const signal of SIGNALS) process.on(signal, listener);
  return remove;
}
