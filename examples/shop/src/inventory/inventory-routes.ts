// inventory: the product catalogue and its stock. Reservations take stock for an order atomically and are
// released when the order fails. SKEIN_INVENTORY_LATENCY_MS slows every request down, to show a slow hop.
import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '@skein/server';
import type { ShopConfig } from '../shared/config.js';
import { ShopDatabase } from '../shared/database.js';
import { idParams, orderIdParams, reserveBody } from '../shared/schemas.js';
import type { ServiceResources } from '../shared/service-runner.js';
import { SEED_PRODUCTS } from './catalog.js';
import { INVENTORY_SCHEMA, InventoryStore } from './inventory-store.js';

export function setupInventory(app: App, config: ShopConfig): ServiceResources {
  const db = new ShopDatabase(config.databaseFile, INVENTORY_SCHEMA);
  const store = new InventoryStore(db);
  store.seed(SEED_PRODUCTS);

  const latencyMs = config.faults.inventoryLatencyMs;
  if (latencyMs > 0) {
    app.use(async (_ctx, next) => {
      await sleep(latencyMs);
      await next();
    });
  }
  app.readiness('database', () => db.isOpen);

  app.get('/products', () => ({ products: store.listProducts() }));
  app.get('/products/:id', { schema: { params: idParams } }, (ctx) => store.getProduct(ctx.params.id));
  app.post('/reservations', { schema: { body: reserveBody } }, (ctx) => {
    const reservation = store.reserve(ctx.body.orderId, ctx.body.lines);
    ctx.status(201);
    return reservation;
  });
  app.get('/reservations/:orderId', { schema: { params: orderIdParams } }, (ctx) =>
    store.getReservation(ctx.params.orderId),
  );
  app.post('/reservations/:orderId/release', { schema: { params: orderIdParams } }, (ctx) =>
    store.release(ctx.params.orderId),
  );
  return { close: () => db.close() };
}
