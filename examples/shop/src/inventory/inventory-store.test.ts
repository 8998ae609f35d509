import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { ShopDatabase } from '../shared/database.js';
import { InsufficientStockError, ProductNotFoundError } from '../shared/errors.js';
import { INVENTORY_SCHEMA, InventoryStore, mergeLines } from './inventory-store.js';

let store: InventoryStore;
const stock = (id: string): number => store.getProduct(id).stock;

beforeEach(() => {
  store = new InventoryStore(new ShopDatabase(':memory:', INVENTORY_SCHEMA));
  store.seed([
    { id: 'a', name: 'A', description: '', priceCents: 100, stock: 5 },
    { id: 'b', name: 'B', description: '', priceCents: 250, stock: 1 },
  ]);
});

test('reserves every line with its unit price and takes the stock', () => {
  const r = store.reserve('o1', [
    { productId: 'a', quantity: 2 },
    { productId: 'b', quantity: 1 },
  ]);
  assert.equal(r.status, 'reserved');
  assert.deepEqual(r.lines, [
    { productId: 'a', quantity: 2, unitPriceCents: 100 },
    { productId: 'b', quantity: 1, unitPriceCents: 250 },
  ]);
  assert.deepEqual([stock('a'), stock('b')], [3, 0]);
});

test('takes no stock at all when one line is short', () => {
  assert.throws(
    () =>
      store.reserve('o1', [
        { productId: 'a', quantity: 2 },
        { productId: 'b', quantity: 2 },
      ]),
    InsufficientStockError,
  );
  assert.deepEqual([stock('a'), stock('b')], [5, 1]);
  assert.throws(() => store.getReservation('o1'), /no reservation/);
});

test('an unknown product fails the whole reservation with ProductNotFoundError', () => {
  assert.throws(
    () =>
      store.reserve('o1', [
        { productId: 'a', quantity: 1 },
        { productId: 'zzz', quantity: 1 },
      ]),
    ProductNotFoundError,
  );
  assert.equal(stock('a'), 5);
});

test('reserving the same order twice takes the stock once', () => {
  store.reserve('o1', [{ productId: 'a', quantity: 2 }]);
  store.reserve('o1', [{ productId: 'a', quantity: 2 }]);
  assert.equal(stock('a'), 3);
});

test('releasing returns the stock once, however often it is called', () => {
  store.reserve('o1', [{ productId: 'a', quantity: 2 }]);
  assert.equal(store.release('o1').status, 'released');
  store.release('o1');
  assert.equal(stock('a'), 5);
});

test('seeding a catalogue that has products changes nothing', () => {
  store.seed([{ id: 'c', name: 'C', description: '', priceCents: 1, stock: 1 }]);
  assert.deepEqual(
    store.listProducts().map((p) => p.id),
    ['a', 'b'],
  );
});

test('merges lines naming the same product', () => {
  assert.deepEqual(
    mergeLines([
      { productId: 'a', quantity: 1 },
      { productId: 'b', quantity: 1 },
      { productId: 'a', quantity: 2 },
    ]),
    [
      { productId: 'a', quantity: 3 },
      { productId: 'b', quantity: 1 },
    ],
  );
});
