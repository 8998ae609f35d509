// Where each shop service listens in deploy/: the layout `skein up` uses (gateway on 8080, the others on the
// next four ports), taken from the shop's public createSystem.
import { createSystem, SERVICE_NAMES, type ShopService } from '@skein/example-shop';

export { SERVICE_NAMES, type ShopService };

/** The listening port of every shop service. */
export const SHOP_PORTS = Object.fromEntries(
  createSystem({ basePort: 8080, dataDir: '/unused', faults: {} }).services.map((s) => [s.name, s.port]),
) as Record<ShopService, number>;

/** The variables that make services find each other: `ORDERS_URL` for orders, and so on. */
export const PEER_URL_VARIABLES: Partial<Record<ShopService, string>> = {
  orders: 'ORDERS_URL',
  inventory: 'INVENTORY_URL',
  payment: 'PAYMENT_URL',
  shipping: 'SHIPPING_URL',
};
