// Port checks for `skein up`: a taken port gives a clear message naming it and its owner.
import { createServer } from 'node:net';

export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** Throws one error naming every taken port and what it was meant for. */
export async function assertPortsFree(
  wanted: { port: number; owner: string }[],
  host: string,
): Promise<void> {
  const taken: string[] = [];
  for (const { port, owner } of wanted) {
    if (!(await isPortFree(port, host))) taken.push(`${port} (${owner})`);
  }
  if (taken.length > 0) {
    throw new Error(
      `port${taken.length > 1 ? 's' : ''} ${taken.join(', ')} already in use on ${host}: stop what holds ${taken.length > 1 ? 'them' : 'it'} or pick other ports (see 'skein up --help')`,
    );
  }
}
