// Which example system `skein up` runs.
import type { SystemOptions, SystemSpec } from './system.js';

export async function loadSystem(options: SystemOptions): Promise<SystemSpec> {
  const { createSystem } = await import('@skein/example-hello');
  return createSystem(options);
}
