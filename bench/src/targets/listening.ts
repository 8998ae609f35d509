// Tells the benchmark driver which port a target listens on: it reads this one line from stdout.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export function announce(server: Server): void {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening:${port}\n`);
}

export const port = Number(process.env.PORT ?? 0);
