// orders: places orders (the checkout saga over inventory and payment), owns their state machine, and
// announces confirmed orders through the outbox, which a dispatcher delivers to shipping until acknowledged.
import { randomUUID } from 'node:crypto';
import type { App } from '@skein/server';
import type { ShopConfig } from '../shared/config.js';
import { ShopDatabase } from '../shared/database.js';
import type { Charge, Message, Reservation } from '../shared/domain.js';
import { idParams, IDEMPOTENCY_KEY, placeOrderBody } from '../shared/schemas.js';
import { ServiceClient } from '../shared/service-client.js';
import type { ServiceResources } from '../shared/service-runner.js';
import { IdempotencyKeyInvalidError } from '../shared/errors.js';
import { Checkout } from './checkout.js';
import { ORDERS_SCHEMA, OrderStore } from './order-store.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';

/** How often orders left pending (a crash, a dependency down) are driven again. */
const RESUME_INTERVAL_MS = 10_000;

export function setupOrders(app: App, config: ShopConfig): ServiceResources {
  const db = new ShopDatabase(config.databaseFile, ORDERS_SCHEMA);
  const store = new OrderStore(db);
  const inventory = new ServiceClient('inventory', config.urls.inventory);
  const payment = new ServiceClient('payment', config.urls.payment);
  const shipping = new ServiceClient('shipping', config.urls.shipping);

  const dispatcher = new OutboxDispatcher(store.outbox, {
    deliver: async (message: Message) => {
      await shipping.post('/messages', message);
    },
    backoff: { initialMs: config.outbox.initialBackoffMs, maxMs: config.outbox.maxBackoffMs },
    pollMs: config.outbox.pollMs,
    // A plain message: the log record already carries the trace id of the failed attempt's span.
    onError: (message, err) =>
      app.log.warn(
        `outbox delivery of ${message.id} failed (attempt ${message.attempts + 1}): ${(err as Error).message}`,
      ),
  });

  const checkout = new Checkout(store, {
    reserve: async (order) =>
      (await inventory.post<Reservation>('/reservations', { orderId: order.id, lines: order.lines })).body,
    release: async (order) => {
      await inventory.post(`/reservations/${encodeURIComponent(order.id)}/release`, {});
    },
    charge: async (order, amountCents) =>
      (
        await payment.post<Charge>('/charges', {
          orderId: order.id,
          amountCents,
          paymentMethod: order.paymentMethod,
        })
      ).body,
    confirmed: () => dispatcher.notify(),
  });

  app.readiness('database', () => db.isOpen);
  app.post('/orders', { schema: { body: placeOrderBody } }, async (ctx) => {
    const header = ctx.req.headers['idempotency-key'];
    const key = typeof header === 'string' ? header : `generated-${randomUUID()}`;
    if (!IDEMPOTENCY_KEY.test(key)) throw new IdempotencyKeyInvalidError();
    const { order, replayed } = await checkout.place(key, ctx.body);
    if (replayed) ctx.header('idempotent-replayed', 'true');
    ctx.status(replayed ? 200 : 201);
    return order;
  });
  app.get('/orders/:id', { schema: { params: idParams } }, (ctx) => store.get(ctx.params.id));
  app.get('/outbox', () => ({ pending: store.outbox.pendingCount() }));

  dispatcher.start();
  const resume = setInterval(() => void checkout.resumePending(), RESUME_INTERVAL_MS);
  return {
    stopBackground: () => {
      clearInterval(resume);
      return dispatcher.stop();
    },
    close: () => db.close(),
  };
}
