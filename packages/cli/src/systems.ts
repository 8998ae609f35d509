// Which example system `skein up` runs: the shop.
import type { SystemOptions, SystemSpec } from './system.js';

export async function loadSystem(options: SystemOptions): Promise<SystemSpec> {
  const { createSystem } = await import('@skein/example-shop');
  return createSystem(options);
}
