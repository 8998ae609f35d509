// Gentle, realistic traffic for `skein up`: browsing, orders (each with an Idempotency-Key, some retried with
// it), and now and then an order for an unknown product. Declined payments come from the payment failure rate.
import { randomUUID } from 'node:crypto';
import { SEED_PRODUCTS } from '../inventory/catalog.js';

export interface TrafficOptions {
  /** Orders per second. */
  rate: number;
  baseUrl: string;
  log: (line: string) => void;
}

/** Ordinary products to order (the rare one would soon be out of stock and answer 409 forever). */
const ORDERABLE = SEED_PRODUCTS.filter((p) => p.stock >= 100).map((p) => p.id);
const METHODS = ['card', 'card', 'paypal', 'bank_transfer'];

const pick = <T>(values: readonly T[], n: number): T => values[n % values.length]!;

/** The n-th request of the generator: one in ten orders an unknown product, one in five is a retry. */
export function plannedOrder(n: number): { productId: string; quantity: number; paymentMethod: string } {
  const unknown = n % 10 === 9;
  return {
    productId: unknown ? `sku-missing-${n % 3}` : pick(ORDERABLE, n * 7),
    quantity: 1 + (n % 3),
    paymentMethod: pick(METHODS, n),
  };
}

/** Starts sending; resolves the function that stops it and waits for requests in flight. */
export function startTraffic({ rate, baseUrl, log }: TrafficOptions): () => Promise<void> {
  const counts = new Map<number | string, number>();
  const count = (outcome: number | string): void => {
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  };
  const inFlight = new Set<Promise<void>>();
  let n = 0;

  const send = async (i: number): Promise<void> => {
    const plan = plannedOrder(i);
    const key = randomUUID();
    const body = JSON.stringify({
      items: [{ productId: plan.productId, quantity: plan.quantity }],
      paymentMethod: plan.paymentMethod,
    });
    const headers = { 'content-type': 'application/json', 'idempotency-key': key };
    const attempts = i % 5 === 4 ? 2 : 1;
    for (let a = 0; a < attempts; a++) {
      const res = await fetch(`${baseUrl}/api/orders`, { method: 'POST', headers, body });
      await res.body?.cancel();
      count(res.status);
    }
    if (i % 4 === 0) await (await fetch(`${baseUrl}/api/products`)).body?.cancel();
  };

  const timer = setInterval(() => {
    const i = n++;
    const request = send(i)
      .catch(() => count('error'))
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  }, 1000 / rate);
  const report = setInterval(() => {
    const summary = [...counts].map(([status, count]) => `${status}×${count}`).join(' ');
    if (summary !== '') log(`orders so far by status: ${summary}`);
  }, 30_000);

  return async () => {
    clearInterval(timer);
    clearInterval(report);
    await Promise.allSettled([...inFlight]);
  };
}
