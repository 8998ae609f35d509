import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { ShopDatabase } from '../shared/database.js';
import { IdempotencyKeyReusedError, InvalidOrderTransitionError } from '../shared/errors.js';
import { ORDERS_SCHEMA, OrderStore } from './order-store.js';

let store: OrderStore;
const input = {
  idempotencyKey: 'k1',
  requestHash: 'h1',
  lines: [{ productId: 'a', quantity: 2 }],
  paymentMethod: 'card' as const,
};
const message = { topic: 'order.confirmed', payload: { n: 1 }, headers: { traceparent: 'x' } };

beforeEach(() => {
  store = new OrderStore(new ShopDatabase(':memory:', ORDERS_SCHEMA));
});

test('opens a pending order, and returns the same one for the same Idempotency-Key', () => {
  const first = store.open(input);
  const second = store.open(input);
  assert.equal(first.created, true);
  assert.equal(first.order.status, 'pending');
  assert.equal(second.created, false);
  assert.equal(second.order.id, first.order.id);
});

test('refuses an Idempotency-Key reused with another request', () => {
  store.open(input);
  assert.throws(() => store.open({ ...input, requestHash: 'h2' }), IdempotencyKeyReusedError);
});

test('confirming writes the status and the outbox message together', () => {
  const { order } = store.open(input);
  store.price(order.id, [{ productId: 'a', quantity: 2, unitPriceCents: 300 }], 600);
  const confirmed = store.confirm(order.id, message);
  assert.equal(confirmed.status, 'confirmed');
  assert.equal(confirmed.amountCents, 600);
  assert.deepEqual(confirmed.lines, [{ productId: 'a', quantity: 2, unitPriceCents: 300 }]);
  const [queued] = store.outbox.due(Date.now() + 1, 10);
  assert.deepEqual(
    [queued?.topic, queued?.payload, queued?.headers],
    [message.topic, message.payload, message.headers],
  );
});

test('a refused transition writes no outbox message', () => {
  const { order } = store.open(input);
  store.fail(order.id, 'SHOP_ERR_PAYMENT_DECLINED', 'declined');
  assert.throws(() => store.confirm(order.id, message), InvalidOrderTransitionError);
  assert.equal(store.get(order.id).status, 'failed');
  assert.equal(store.outbox.pendingCount(), 0);
});
