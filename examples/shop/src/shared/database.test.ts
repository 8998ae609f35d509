import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queryAttributes, ShopDatabase } from './database.js';

test('names a statement `{operation} {table}` and keeps the parameterised SQL on one line', () => {
  const { name, attributes } = queryAttributes('SELECT *\n  FROM orders WHERE id = ?');
  assert.equal(name, 'SELECT orders');
  assert.deepEqual(attributes, {
    'db.system.name': 'sqlite',
    'db.operation.name': 'SELECT',
    'db.collection.name': 'orders',
    'db.query.text': 'SELECT * FROM orders WHERE id = ?',
  });
  assert.equal(queryAttributes('INSERT INTO outbox (id) VALUES (?)').name, 'INSERT outbox');
  assert.equal(queryAttributes('update products SET stock = ?').name, 'UPDATE products');
  assert.equal(queryAttributes('DELETE FROM order_lines WHERE order_id = ?').name, 'DELETE order_lines');
});

test('refuses to prepare a statement it cannot name', () => {
  assert.throws(() => queryAttributes('PRAGMA journal_mode = WAL'), /cannot name the span/);
});

test('a transaction that throws writes nothing', () => {
  const db = new ShopDatabase(':memory:', 'CREATE TABLE t (v INTEGER)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const count = db.prepare<{ n: number }>('SELECT count(*) AS n FROM t');
  assert.throws(() =>
    db.transaction(() => {
      insert.run(1);
      throw new Error('boom');
    }),
  );
  assert.equal(count.get()!.n, 0);
  db.close();
  assert.equal(db.isOpen, false);
});
