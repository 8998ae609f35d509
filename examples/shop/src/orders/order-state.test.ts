import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OrderStatus } from '../shared/domain.js';
import { InvalidOrderTransitionError } from '../shared/errors.js';
import { assertTransition, canTransition, isFinal } from './order-state.js';

const STATUSES: OrderStatus[] = ['pending', 'confirmed', 'failed'];

test('a pending order can become confirmed or failed, and nothing else moves', () => {
  const allowed = STATUSES.flatMap((from) =>
    STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
  );
  assert.deepEqual(allowed, ['pending→confirmed', 'pending→failed']);
});

test('confirmed and failed are final', () => {
  assert.deepEqual(
    STATUSES.map((s) => isFinal(s)),
    [false, true, true],
  );
});

test('an illegal transition throws a 409 naming the order', () => {
  assert.throws(
    () => assertTransition('o1', 'failed', 'confirmed'),
    (err: unknown) =>
      err instanceof InvalidOrderTransitionError && err.status === 409 && err.message.includes("'o1'"),
  );
});
