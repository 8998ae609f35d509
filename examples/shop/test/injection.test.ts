// SQL injection attempts through every input of the public gateway (path ids, JSON fields, the
// Idempotency-Key header) are answered with 4xx or stored as plain text, and change nothing in any database.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { freePort } from '@skein/testkit';
import { SERVICE_NAMES } from '../src/index.js';
import { startShop, type ShopStack } from './shop-stack.js';

let shop: ShopStack;
before(async () => {
  // Telemetry goes to a closed port: this suite is about the databases.
  shop = await startShop({ otlpEndpoint: `http://127.0.0.1:${await freePort()}` });
});
after(() => shop?.stop());

const PAYLOADS = [
  "' OR '1'='1",
  "sku-mug'; DROP TABLE products; --",
  "sku-mug' UNION SELECT name, sql, 1, 1, 1 FROM sqlite_master --",
  '1; UPDATE products SET stock = 0',
  "\\'; DELETE FROM orders; --",
];

/** Every table of every service's database with its full contents, to compare before and after. */
function snapshot(): string {
  const all: Record<string, unknown> = {};
  for (const service of SERVICE_NAMES) {
    let db: Database.Database;
    try {
      db = new Database(join(shop.dataDir, `${service}.db`), { readonly: true, fileMustExist: true });
    } catch {
      continue;
    }
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      for (const table of tables as string[])
        all[`${service}.${table}`] = db.prepare(`SELECT * FROM "${table}"`).all();
    } finally {
      db.close();
    }
  }
  return JSON.stringify(all);
}

test('injection payloads in ids, bodies and headers change no database', async () => {
  const gateway = shop.url('gateway');
  const statuses: number[] = [];
  const before = snapshot();
  for (const payload of PAYLOADS) {
    const encoded = encodeURIComponent(payload);
    for (const path of [`/api/products/${encoded}`, `/api/orders/${encoded}`]) {
      const res = await fetch(`${gateway}${path}`);
      await res.arrayBuffer();
      statuses.push(res.status);
      assert.ok(res.status === 404 || res.status === 400, `${path}: ${res.status}`);
    }
    const order = await fetch(`${gateway}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': payload.replace(/\s/g, '+') },
      body: JSON.stringify({ items: [{ productId: payload, quantity: 1 }], paymentMethod: 'card' }),
    });
    await order.arrayBuffer();
    assert.ok(order.status >= 400 && order.status < 500, `POST with ${payload}: ${order.status}`);
  }
  const after = snapshot();
  // An unknown product leaves a failed order (by design, see shop.test.ts): only new rows may appear, each
  // holding the payload as plain text; every table and every existing row is unchanged.
  const was = JSON.parse(before) as Record<string, unknown[]>;
  const now = JSON.parse(after) as Record<string, unknown[]>;
  assert.deepEqual(Object.keys(now), Object.keys(was), 'no table dropped or created');
  for (const [table, rows] of Object.entries(was)) {
    assert.deepEqual(now[table]!.slice(0, rows.length), rows, `${table}: existing rows changed`);
  }
  const stock = now['inventory.products'] as { id: string; stock: number }[];
  assert.ok(
    stock.every((p) => p.stock > 0),
    'no stock zeroed',
  );
});
