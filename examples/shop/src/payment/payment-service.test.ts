import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShopDatabase } from '../shared/database.js';
import { PaymentDeclinedError } from '../shared/errors.js';
import { fraudScore, FRAUD_THRESHOLD } from './fraud-check.js';
import { SimulatedProvider } from './payment-provider.js';
import { PaymentService } from './payment-service.js';
import { PAYMENT_SCHEMA, PaymentStore } from './payment-store.js';

function payments(failureRate: number): { service: PaymentService; authorizations: () => number } {
  let calls = 0;
  const provider = new SimulatedProvider({ latencyMs: 0, failureRate, random: () => 0.5 });
  const counting = Object.assign(Object.create(provider) as SimulatedProvider, {
    authorize: (amount: number, method: 'card') => {
      calls++;
      return provider.authorize(amount, method);
    },
  });
  const service = new PaymentService(
    new PaymentStore(new ShopDatabase(':memory:', PAYMENT_SCHEMA)),
    counting,
  );
  return { service, authorizations: () => calls };
}

const request = { orderId: 'o1', amountCents: 1000, paymentMethod: 'card' as const };

test('charges an order once, however often it is asked', async () => {
  const { service, authorizations } = payments(0);
  const first = await service.charge(request);
  const second = await service.charge(request);
  assert.equal(first.status, 'succeeded');
  assert.equal(second.id, first.id);
  assert.equal(authorizations(), 1);
});

test('a declined charge is recorded and a retry is declined again without asking the provider', async () => {
  const { service, authorizations } = payments(1);
  await assert.rejects(service.charge(request), PaymentDeclinedError);
  await assert.rejects(service.charge(request), PaymentDeclinedError);
  assert.equal(service.get('o1').status, 'declined');
  assert.equal(authorizations(), 1);
});

test('a concurrent second charge of the same order is refused while the first is in flight', async () => {
  const { service } = payments(0);
  const [a, b] = await Promise.allSettled([service.charge(request), service.charge(request)]);
  assert.equal(a.status, 'fulfilled');
  assert.equal(b.status, 'rejected');
});

test('refunds a succeeded charge once', async () => {
  const { service } = payments(0);
  await service.charge(request);
  assert.equal(service.refund('o1').status, 'refunded');
  assert.equal(service.refund('o1').status, 'refunded');
});

test('the fraud check refuses very large amounts before the provider is asked', async () => {
  assert.ok(fraudScore(1000, 'card') < FRAUD_THRESHOLD);
  const { service, authorizations } = payments(0);
  await assert.rejects(service.charge({ ...request, amountCents: 5_000_000 }), PaymentDeclinedError);
  assert.equal(authorizations(), 0);
});

test('the simulated provider declines at the configured rate', async () => {
  const draws = [0.05, 0.5];
  const provider = new SimulatedProvider({ latencyMs: 0, failureRate: 0.1, random: () => draws.shift()! });
  assert.equal((await provider.authorize(1, 'card')).approved, false);
  assert.equal((await provider.authorize(1, 'card')).approved, true);
});

test('a charge left pending by a crash is declined at the next start', async () => {
  const store = new PaymentStore(new ShopDatabase(':memory:', PAYMENT_SCHEMA));
  store.begin('o1', 100, 'card');
  assert.equal(store.abandonPending(), 1);
  const service = new PaymentService(store, new SimulatedProvider({ latencyMs: 0, failureRate: 0 }));
  await assert.rejects(service.charge(request), PaymentDeclinedError);
});
