import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShopDatabase } from '../shared/database.js';
import type { Order, Reservation } from '../shared/domain.js';
import { PaymentDeclinedError, ProductNotFoundError, UpstreamUnavailableError } from '../shared/errors.js';
import { Checkout, priceOrder, type CheckoutPorts } from './checkout.js';
import { ORDERS_SCHEMA, OrderStore } from './order-store.js';

interface Calls {
  reserve: number;
  release: number;
  charge: number;
  confirmed: number;
}

function setup(charge: (calls: Calls) => Promise<void>, reserve?: () => Promise<Reservation>) {
  const store = new OrderStore(new ShopDatabase(':memory:', ORDERS_SCHEMA));
  const calls: Calls = { reserve: 0, release: 0, charge: 0, confirmed: 0 };
  const ports: CheckoutPorts = {
    reserve: async (order: Order) => {
      calls.reserve++;
      if (reserve) return reserve();
      return {
        orderId: order.id,
        status: 'reserved',
        lines: order.lines.map((l) => ({ ...l, unitPriceCents: 500 })),
      };
    },
    release: async () => {
      calls.release++;
    },
    charge: async (order, amountCents) => {
      calls.charge++;
      await charge(calls);
      return {
        id: 'c',
        orderId: order.id,
        amountCents,
        paymentMethod: 'card',
        status: 'succeeded',
        declineReason: null,
      };
    },
    confirmed: () => {
      calls.confirmed++;
    },
  };
  return { checkout: new Checkout(store, ports), store, calls };
}

const body = { items: [{ productId: 'a', quantity: 3 }], paymentMethod: 'card' as const };

test('confirms a paid order with its amount and queues order.confirmed', async () => {
  const { checkout, store, calls } = setup(async () => {});
  const { order, replayed } = await checkout.place('k', body);
  assert.deepEqual([order.status, order.amountCents, replayed], ['confirmed', 1500, false]);
  assert.equal(calls.confirmed, 1);
  assert.equal(store.outbox.pendingCount(), 1);
});

test('a declined payment releases the reservation and fails the order with its code', async () => {
  const { checkout, store, calls } = setup(async () => {
    throw new PaymentDeclinedError('declined');
  });
  const { order } = await checkout.place('k', body);
  assert.deepEqual([order.status, order.failureCode], ['failed', 'SHOP_ERR_PAYMENT_DECLINED']);
  assert.equal(calls.release, 1);
  assert.equal(store.outbox.pendingCount(), 0);
});

test('an unknown product fails the order without charging', async () => {
  const { checkout, calls } = setup(
    async () => {},
    () => Promise.reject(new ProductNotFoundError('nope')),
  );
  const { order } = await checkout.place('k', body);
  assert.deepEqual([order.status, order.failureCode], ['failed', 'SHOP_ERR_PRODUCT_NOT_FOUND']);
  assert.equal(calls.charge, 0);
});

test('a transient failure leaves the order pending, and a retry with the key resumes it', async () => {
  const { checkout, calls } = setup(async (c) => {
    if (c.charge === 1) throw new UpstreamUnavailableError('payment is unreachable');
  });
  await assert.rejects(checkout.place('k', body), UpstreamUnavailableError);
  const { order, replayed } = await checkout.place('k', body);
  assert.deepEqual([order.status, replayed], ['confirmed', true]);
  assert.equal(calls.confirmed, 1);
});

test('a retry of a finished order is answered from the store without calling anything', async () => {
  const { checkout, calls } = setup(async () => {});
  const first = await checkout.place('k', body);
  const second = await checkout.place('k', body);
  assert.equal(second.order.id, first.order.id);
  assert.deepEqual([calls.reserve, calls.charge], [1, 1]);
});

test('concurrent requests with one key share one run of the saga', async () => {
  const { checkout, calls } = setup(async () => {});
  const [a, b] = await Promise.all([checkout.place('k', body), checkout.place('k', body)]);
  assert.equal(a.order.id, b.order.id);
  assert.equal(calls.charge, 1);
});

test('prices an order as the sum of its reserved lines', () => {
  assert.equal(
    priceOrder([
      { productId: 'a', quantity: 2, unitPriceCents: 150 },
      { productId: 'b', quantity: 1, unitPriceCents: 99 },
    ]),
    399,
  );
});

test('resumes an order a transient failure left pending and drives it to its end state', async () => {
  const { checkout, store, calls } = setup(async (c) => {
    if (c.charge === 1) throw new UpstreamUnavailableError('payment is unreachable');
  });
  await assert.rejects(checkout.place('k', body), UpstreamUnavailableError);
  assert.equal(await checkout.resumePending(), 0);
  assert.deepEqual(store.pendingIds().length, 0);
  assert.equal(calls.confirmed, 1);
});
