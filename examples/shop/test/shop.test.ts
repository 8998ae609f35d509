// The whole shop end to end: five services from source on free ports, a real backend, traces read back through
// its Jaeger API, and each service's SQLite database inspected after the fact.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { startBackend, type RunningBackend } from '@skein/backend';
import { waitFor } from '@skein/testkit';
import { fetchTrace, only, traceIdOf, type SpanView } from './jaeger-trace.js';
import { startShop, type ShopStack } from './shop-stack.js';

let backend: RunningBackend;
let backendDir: string;
let shop: ShopStack;
let keyCounter = 0;

before(async () => {
  backendDir = mkdtempSync(join(tmpdir(), 'skein-shop-backend-'));
  backend = await startBackend({
    host: '127.0.0.1',
    grpcPort: 0,
    httpPort: 0,
    uiPort: 0,
    dataDir: backendDir,
    log: () => {},
  });
  shop = await startShop({ otlpEndpoint: `http://127.0.0.1:${backend.httpPort}` });
});

after(async () => {
  await shop?.stop();
  await backend?.stop();
  rmSync(backendDir, { recursive: true, force: true });
});

const queryUrl = (): string => `http://127.0.0.1:${backend.uiPort}`;

function placeOrder(
  items: { productId: string; quantity: number }[],
  key: string | undefined = `key-${++keyCounter}`,
  paymentMethod = 'card',
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) headers['idempotency-key'] = key;
  return fetch(`${shop.url('gateway')}/api/orders`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ items, paymentMethod }),
  });
}

/** Runs `sql` read-only against one service's database. */
function query<T>(service: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(shop.dataDir, `${service}.db`), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const stockOf = (productId: string): number =>
  query<{ stock: number }>('inventory', 'SELECT stock FROM products WHERE id = ?', productId)[0]!.stock;

/** Waits until the trace holds a span of every service in `services` and `done` accepts it. */
function traceWith(traceId: string, services: string[], done: (spans: SpanView[]) => boolean = () => true) {
  return waitFor(
    `trace ${traceId} with spans of ${services.join(', ')}`,
    async () => {
      const spans = await fetchTrace(queryUrl(), traceId);
      if (spans === undefined) return false;
      const seen = new Set(spans.map((s) => s.service));
      return services.every((s) => seen.has(s)) && done(spans) && spans;
    },
    { timeoutMs: 15_000, intervalMs: 200 },
  );
}

const ALL = ['gateway', 'orders', 'inventory', 'payment', 'shipping'];

describe('a checkout', () => {
  let orderId: string;
  let traceId: string;
  const stockBefore: Record<string, number> = {};

  test('answers 201 with a confirmed, priced order', async () => {
    stockBefore.mug = stockOf('sku-mug');
    stockBefore.beans = stockOf('sku-beans');
    const res = await placeOrder([
      { productId: 'sku-mug', quantity: 2 },
      { productId: 'sku-beans', quantity: 1 },
    ]);
    const order = (await res.json()) as { id: string; status: string; amountCents: number };
    assert.equal(res.status, 201, JSON.stringify(order));
    assert.equal(order.status, 'confirmed');
    assert.equal(order.amountCents, 2 * 1200 + 1600);
    assert.equal(res.headers.get('location'), `/api/orders/${order.id}`);
    orderId = order.id;
    traceId = traceIdOf(res);
  });

  test('is one trace across gateway, orders, inventory, payment and shipping with correct parents and kinds', async () => {
    const spans = await traceWith(traceId, ALL, (s) => s.some((x) => x.kind === 'consumer'));
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const parentOf = (s: SpanView): SpanView | undefined => (s.parentId ? byId.get(s.parentId) : undefined);

    const root = only(
      spans,
      (s) => s.service === 'gateway' && s.name === 'POST /api/orders',
      'gateway SERVER span',
    );
    assert.equal(root.kind, 'server');
    assert.equal(root.parentId, undefined);

    const ordersServer = only(
      spans,
      (s) => s.service === 'orders' && s.name === 'POST /orders',
      'orders SERVER span',
    );
    assert.equal(ordersServer.kind, 'server');
    const gatewayClient = parentOf(ordersServer)!;
    assert.deepEqual([gatewayClient.service, gatewayClient.kind], ['gateway', 'client']);
    assert.equal(gatewayClient.parentId, root.spanId);

    for (const [service, name] of [
      ['inventory', 'POST /reservations'],
      ['payment', 'POST /charges'],
    ] as const) {
      const server = only(spans, (s) => s.service === service && s.name === name, `${service} SERVER span`);
      const client = parentOf(server)!;
      assert.deepEqual([client.service, client.kind], ['orders', 'client'], `${service} is called by orders`);
    }

    const price = only(spans, (s) => s.name === 'price order', 'price order span');
    assert.equal(price.service, 'orders');
    assert.equal(price.tags['order.id'], orderId);
    assert.equal(price.tags['order.item_count'], 2);
    assert.equal(price.tags['order.amount'], 4000);
    only(spans, (s) => s.service === 'payment' && s.name === 'fraud check', 'fraud check span');

    const producer = only(spans, (s) => s.kind === 'producer', 'PRODUCER span');
    assert.deepEqual([producer.service, producer.name], ['orders', 'send order.confirmed']);
    assert.equal(producer.tags['messaging.destination.name'], 'order.confirmed');
    assert.equal(
      parentOf(producer)?.name,
      'confirm order',
      'the producer continues the confirming transaction',
    );
    const consumer = only(spans, (s) => s.kind === 'consumer', 'CONSUMER span');
    assert.deepEqual([consumer.service, consumer.name], ['shipping', 'process order.confirmed']);
    assert.equal(consumer.parentId, producer.spanId);
    assert.deepEqual(consumer.links, [producer.spanId]);
    assert.equal(consumer.tags['messaging.message.id'], producer.tags['messaging.message.id']);

    assert.ok(
      !spans.some((s) => s.name === 'SELECT outbox'),
      "the dispatcher's polling stays out of the request's trace",
    );
    assert.ok(
      spans.every((s) => s.tags.error !== true),
      'no span of a successful checkout is an error',
    );
  });

  test('records database spans by the semantic conventions, with parameterised SQL only', async () => {
    const spans = (await fetchTrace(queryUrl(), traceId))!;
    const insert = only(
      spans,
      (s) => s.service === 'orders' && s.name === 'INSERT orders',
      'INSERT orders span',
    );
    assert.equal(insert.kind, 'client');
    assert.equal(insert.tags['db.system.name'], 'sqlite');
    assert.equal(insert.tags['db.operation.name'], 'INSERT');
    assert.equal(insert.tags['db.collection.name'], 'orders');
    const text = String(insert.tags['db.query.text']);
    assert.match(text, /^INSERT INTO orders .*VALUES \(\?, \?, \?, 'pending', \?, \?, \?\)$/);
    const dbSpans = spans.filter((s) => s.tags['db.system.name'] === 'sqlite');
    assert.ok(dbSpans.length > 10);
    for (const s of dbSpans) {
      assert.ok(!String(s.tags['db.query.text']).includes(orderId), `${s.name} leaks no value`);
      assert.equal(s.name, `${s.tags['db.operation.name']} ${s.tags['db.collection.name']}`);
    }
  });

  test('leaves matching rows in every database', async () => {
    await waitFor(
      'the shipment',
      () => query('shipping', 'SELECT 1 FROM shipments WHERE order_id = ?', orderId).length === 1,
    );
    const [order] = query<{ status: string; amount_cents: number }>(
      'orders',
      'SELECT * FROM orders WHERE id = ?',
      orderId,
    );
    assert.deepEqual(order && [order.status, order.amount_cents], ['confirmed', 4000]);
    const [outbox] = query<{ topic: string; delivered_at: string | null; payload: string }>(
      'orders',
      'SELECT * FROM outbox',
    );
    assert.equal(outbox?.topic, 'order.confirmed');
    assert.notEqual(outbox?.delivered_at, null);
    assert.equal(JSON.parse(outbox!.payload).orderId, orderId);

    assert.equal(stockOf('sku-mug'), stockBefore.mug! - 2);
    assert.equal(stockOf('sku-beans'), stockBefore.beans! - 1);
    const [reservation] = query<{ status: string }>(
      'inventory',
      'SELECT status FROM reservations WHERE order_id = ?',
      orderId,
    );
    assert.equal(reservation?.status, 'reserved');

    const charges = query<{ status: string; amount_cents: number }>(
      'payment',
      'SELECT * FROM charges WHERE order_id = ?',
      orderId,
    );
    assert.deepEqual(
      charges.map((c) => [c.status, c.amount_cents]),
      [['succeeded', 4000]],
    );
    const processed = query('shipping', 'SELECT * FROM processed_messages');
    assert.equal(processed.length, 1);

    const view = (await (await fetch(`${shop.url('gateway')}/api/orders/${orderId}`)).json()) as {
      status: string;
      shipment: { orderId: string } | null;
    };
    assert.equal(view.status, 'confirmed');
    assert.equal(view.shipment?.orderId, orderId);
  });
});

describe('an idempotent retry', () => {
  test('returns the same order and charges once', async () => {
    const items = [{ productId: 'sku-kettle', quantity: 1 }];
    const before = stockOf('sku-kettle');
    const first = await placeOrder(items, 'retry-key');
    const second = await placeOrder(items, 'retry-key');
    const a = (await first.json()) as { id: string };
    const b = (await second.json()) as { id: string };
    assert.deepEqual([first.status, second.status], [201, 200]);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(b.id, a.id);
    assert.equal(query('payment', 'SELECT * FROM charges WHERE order_id = ?', a.id).length, 1);
    assert.equal(query('orders', "SELECT * FROM orders WHERE idempotency_key = 'retry-key'").length, 1);
    assert.equal(stockOf('sku-kettle'), before - 1);
  });

  test('with another body is refused with 422', async () => {
    await (await placeOrder([{ productId: 'sku-mug', quantity: 1 }], 'reused-key')).body?.cancel();
    const res = await placeOrder([{ productId: 'sku-mug', quantity: 5 }], 'reused-key');
    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as { code: string }).code, 'SHOP_ERR_IDEMPOTENCY_KEY_REUSED');
  });
});

describe('bad input', () => {
  const problem = async (res: Response) => {
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    return (await res.json()) as { code: string; errors?: { path: string }[] };
  };

  test('an invalid body is 400 naming every field', async () => {
    const res = await fetch(`${shop.url('gateway')}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ productId: 'sku-mug', quantity: 0 }], paymentMethod: 'cash' }),
    });
    assert.equal(res.status, 400);
    const body = await problem(res);
    assert.deepEqual(body.errors?.map((e) => e.path).sort(), ['/items/0/quantity', '/paymentMethod']);
  });

  test('an unknown product is 404 and leaves a failed order without a reservation', async () => {
    const res = await placeOrder([{ productId: 'sku-nope', quantity: 1 }]);
    assert.equal(res.status, 404);
    assert.equal((await problem(res)).code, 'SHOP_ERR_PRODUCT_NOT_FOUND');
    const orderId = res.headers.get('location')!.split('/').pop()!;
    const [order] = query<{ status: string }>('orders', 'SELECT status FROM orders WHERE id = ?', orderId);
    assert.equal(order?.status, 'failed');
    assert.equal(query('inventory', 'SELECT * FROM reservations WHERE order_id = ?', orderId).length, 0);
  });

  test('insufficient stock is 409 and takes no stock of any line', async () => {
    const mugs = stockOf('sku-mug');
    const res = await placeOrder([
      { productId: 'sku-mug', quantity: 1 },
      { productId: 'sku-rare', quantity: 50 },
    ]);
    assert.equal(res.status, 409);
    assert.equal((await problem(res)).code, 'SHOP_ERR_INSUFFICIENT_STOCK');
    assert.equal(stockOf('sku-mug'), mugs);
  });

  test('a wrong method is 405 with Allow', async () => {
    const res = await fetch(`${shop.url('gateway')}/api/orders`, { method: 'PUT' });
    assert.equal(res.status, 405);
    assert.match(res.headers.get('allow') ?? '', /POST/);
    await res.body?.cancel();
  });

  test('an oversized body is 413', async () => {
    const res = await fetch(`${shop.url('gateway')}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [], padding: 'x'.repeat(200_000) }),
    });
    assert.equal(res.status, 413);
    await res.body?.cancel();
  });

  test('an unknown product id is 404 on GET /api/products/:id', async () => {
    const res = await fetch(`${shop.url('gateway')}/api/products/sku-nope`);
    assert.equal(res.status, 404);
    await res.body?.cancel();
  });
});

describe('with shipping down', () => {
  test('the order is confirmed and its message is delivered once shipping is back', async () => {
    await shop.stopService('shipping');
    const res = await placeOrder([{ productId: 'sku-scale', quantity: 1 }]);
    assert.equal(res.status, 201);
    const { id } = (await res.json()) as { id: string };
    await waitFor('a failed delivery attempt', () => {
      const rows = query<{ attempts: number }>(
        'orders',
        "SELECT attempts FROM outbox WHERE payload LIKE '%' || ? || '%' AND delivered_at IS NULL",
        id,
      );
      return (rows[0]?.attempts ?? 0) >= 1;
    });
    await shop.start('shipping');
    await waitFor(
      'the shipment after shipping returned',
      async () => {
        const view = (await (await fetch(`${shop.url('gateway')}/api/orders/${id}`)).json()) as {
          shipment: unknown;
        };
        return view.shipment !== null;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    assert.equal(query('shipping', 'SELECT * FROM shipments WHERE order_id = ?', id).length, 1);
  });
});

describe('a declined payment (failure rate 1)', () => {
  test('fails the order with 402, releases the reservation, and shows ERROR spans', async () => {
    await shop.stopService('payment');
    await shop.start('payment', { SKEIN_PAYMENT_FAILURE_RATE: '1' });
    const before = stockOf('sku-grinder');
    const res = await placeOrder([{ productId: 'sku-grinder', quantity: 2 }]);
    assert.equal(res.status, 402);
    const traceId = traceIdOf(res);
    const orderId = res.headers.get('location')!.split('/').pop()!;

    assert.equal(stockOf('sku-grinder'), before);
    const [order] = query<{ status: string; failure_code: string }>(
      'orders',
      'SELECT * FROM orders WHERE id = ?',
      orderId,
    );
    assert.deepEqual(order && [order.status, order.failure_code], ['failed', 'SHOP_ERR_PAYMENT_DECLINED']);
    const [reservation] = query<{ status: string }>(
      'inventory',
      'SELECT status FROM reservations WHERE order_id = ?',
      orderId,
    );
    assert.equal(reservation?.status, 'released');
    const charges = query<{ status: string }>(
      'payment',
      'SELECT status FROM charges WHERE order_id = ?',
      orderId,
    );
    assert.deepEqual(
      charges.map((c) => c.status),
      ['declined'],
    );
    assert.equal(query('orders', 'SELECT * FROM outbox WHERE payload LIKE ?', `%${orderId}%`).length, 0);

    const spans = await traceWith(traceId, ['gateway', 'orders', 'inventory', 'payment'], (s) =>
      s.some((x) => x.name === 'POST /reservations/:orderId/release'),
    );
    const red = new Set(spans.filter((s) => s.tags.error === true).map((s) => `${s.service} ${s.name}`));
    for (const name of ['payment authorize payment', 'orders charge payment', 'orders POST']) {
      assert.ok(red.has(name), `${name} is an ERROR span; red: ${[...red].join(', ')}`);
    }
    await shop.stopService('payment');
    await shop.start('payment');
  });
});

describe('with the backend stopped', () => {
  test('checkouts still succeed', async () => {
    await backend.stop();
    const res = await placeOrder([{ productId: 'sku-teapot', quantity: 1 }]);
    assert.equal(res.status, 201);
    assert.equal(((await res.json()) as { status: string }).status, 'confirmed');
  });
});
