// The shop as `skein up` runs it: five services, each its own process with its own SQLite database, plus a
// traffic generator. The gateway is public; the others find each other by port.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTraffic, type TrafficOptions } from './traffic/traffic-generator.js';

export type { TrafficOptions } from './traffic/traffic-generator.js';

export interface Faults {
  paymentLatencyMs?: number;
  paymentFailureRate?: number;
  inventoryLatencyMs?: number;
}

export interface ShopOptions {
  /** Port of the gateway; orders, inventory, payment and shipping take the next four. */
  basePort: number;
  /** Each service keeps `<dataDir>/shop/<service>.db`. */
  dataDir: string;
  faults: Faults;
}

export interface Service {
  name: string;
  entry: string;
  port: number;
  env: Record<string, string>;
  public?: boolean;
}

export const SERVICE_NAMES = ['gateway', 'orders', 'inventory', 'payment', 'shipping'] as const;
export type ShopService = (typeof SERVICE_NAMES)[number];

// Beside this module: `.js` when built, `.ts` when run from source (tests, `--conditions=@skein/source`).
const sourceExtension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const entry = (name: ShopService): string =>
  fileURLToPath(new URL(`./${name}.${sourceExtension}`, import.meta.url));

/** The environment every shop service gets: where the others listen, where data lives, which faults to inject. */
export function shopEnvironment(
  ports: Record<ShopService, number>,
  dataDir: string,
  faults: Faults,
): Record<string, string> {
  const url = (name: ShopService): string => `http://127.0.0.1:${ports[name]}`;
  return {
    SKEIN_DATA_DIR: dataDir,
    ORDERS_URL: url('orders'),
    INVENTORY_URL: url('inventory'),
    PAYMENT_URL: url('payment'),
    SHIPPING_URL: url('shipping'),
    SKEIN_PAYMENT_LATENCY_MS: String(faults.paymentLatencyMs ?? 0),
    SKEIN_PAYMENT_FAILURE_RATE: String(faults.paymentFailureRate ?? 0),
    SKEIN_INVENTORY_LATENCY_MS: String(faults.inventoryLatencyMs ?? 0),
  };
}

export function createSystem({ basePort, dataDir, faults }: ShopOptions) {
  const ports = Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, basePort + i])) as Record<
    ShopService,
    number
  >;
  const env = shopEnvironment(ports, join(dataDir, 'shop'), faults);
  // Started in this order: the gateway last, so it is not ready before what it calls.
  const order: ShopService[] = ['inventory', 'payment', 'shipping', 'orders', 'gateway'];
  return {
    name: 'shop (gateway → orders → inventory, payment; → shipping by message)',
    services: order.map((name): Service => ({
      name,
      entry: entry(name),
      port: ports[name],
      env,
      public: name === 'gateway',
    })),
    traffic: (options: TrafficOptions) => startTraffic(options),
  };
}
