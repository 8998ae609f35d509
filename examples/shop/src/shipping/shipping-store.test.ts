import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShopDatabase } from '../shared/database.js';
import { SHIPPING_SCHEMA, ShippingStore } from './shipping-store.js';

test('a redelivered message creates no second shipment', () => {
  const store = new ShippingStore(new ShopDatabase(':memory:', SHIPPING_SCHEMA));
  const order = { orderId: 'o1', lines: [{ productId: 'a', quantity: 1 }], amountCents: 100 };
  const first = store.shipOrder('m1', 'order.confirmed', order);
  const again = store.shipOrder('m1', 'order.confirmed', order);
  assert.deepEqual([first.duplicate, again.duplicate], [false, true]);
  assert.equal(again.shipment.id, first.shipment.id);
  assert.equal(store.byOrder('o1')?.status, 'created');
});
