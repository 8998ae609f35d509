import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '@skein/testkit';
import { ShopDatabase } from '../shared/database.js';
import type { Message } from '../shared/domain.js';
import { backoffDelay, Outbox, OUTBOX_SCHEMA } from './outbox.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';

const backoff = { initialMs: 10, maxMs: 40 };

test('backs off exponentially up to the cap, with jitter of at most 20 %', () => {
  const mid = () => 0.5;
  assert.deepEqual(
    [1, 2, 3, 4, 10].map((n) => backoffDelay(n, backoff, mid)),
    [10, 20, 40, 40, 40],
  );
  assert.equal(
    backoffDelay(1, backoff, () => 0),
    8,
  );
  assert.equal(
    backoffDelay(1, backoff, () => 0.999999),
    12,
  );
});

test('retries a message until the consumer acknowledges it, then never sends it again', async () => {
  const outbox = new Outbox(new ShopDatabase(':memory:', OUTBOX_SCHEMA));
  outbox.add('order.confirmed', { orderId: 'o1' }, {});
  const received: Message[] = [];
  let failuresLeft = 3;
  const dispatcher = new OutboxDispatcher(outbox, {
    backoff,
    pollMs: 5,
    deliver: async (message) => {
      received.push(message);
      if (failuresLeft-- > 0) throw new Error('consumer down');
    },
  });
  dispatcher.start();
  await waitFor('delivery', () => outbox.pendingCount() === 0, { timeoutMs: 5_000 });
  await new Promise((resolve) => setTimeout(resolve, 60));
  await dispatcher.stop();
  assert.equal(received.length, 4);
  assert.ok(received.every((m) => m.id === received[0]!.id && m.topic === 'order.confirmed'));
  assert.deepEqual(received[0]!.payload, { orderId: 'o1' });
});

test('keeps an unacknowledged message when stopped', async () => {
  const outbox = new Outbox(new ShopDatabase(':memory:', OUTBOX_SCHEMA));
  outbox.add('order.confirmed', {}, {});
  const dispatcher = new OutboxDispatcher(outbox, {
    backoff,
    pollMs: 5,
    deliver: () => Promise.reject(new Error('down')),
  });
  dispatcher.start();
  await dispatcher.stop();
  assert.equal(outbox.pendingCount(), 1);
});
