// The checkout saga: reserve the stock, price the order, charge it, confirm it (with an outbox message). Every
// step is keyed by the order id and idempotent, so driving the same order again — a client retry with its
// Idempotency-Key — resumes it without reserving or charging twice. A business failure (unknown product, short
// stock, declined payment) fails the order and undoes what was done; a transient one leaves it pending.
import { createHash } from 'node:crypto';
import { injectContext, withSpan } from '@skein/telemetry';
import {
  ORDER_CONFIRMED,
  type Charge,
  type Order,
  type OrderConfirmed,
  type PricedLine,
  type Reservation,
} from '../shared/domain.js';
import { InsufficientStockError, PaymentDeclinedError, ProductNotFoundError } from '../shared/errors.js';
import type { PlaceOrderBody } from '../shared/schemas.js';
import { HttpError } from '@skein/server';
import type { OrderStore } from './order-store.js';

/** What checkout needs from inventory and payment (HTTP clients in the service, fakes in unit tests). */
export interface CheckoutPorts {
  reserve(order: Order): Promise<Reservation>;
  release(order: Order): Promise<void>;
  charge(order: Order, amountCents: number): Promise<Charge>;
  /** Called after an order is confirmed, so the outbox dispatcher delivers at once. */
  confirmed(order: Order): void;
}

const BUSINESS_FAILURES = new Set([
  ProductNotFoundError.code,
  InsufficientStockError.code,
  PaymentDeclinedError.code,
]);

function isBusinessFailure(error: unknown): error is HttpError {
  return error instanceof HttpError && BUSINESS_FAILURES.has(error.code);
}

/** A stable fingerprint of a request body (key order of the JSON does not matter: the schema fixed it). */
export function requestHash(body: PlaceOrderBody): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** The amount to charge: the sum of the reserved lines. */
export function priceOrder(lines: readonly PricedLine[]): number {
  let total = 0;
  for (const line of lines) total += line.quantity * line.unitPriceCents;
  return total;
}

export class Checkout {
  readonly #store: OrderStore;
  readonly #ports: CheckoutPorts;
  readonly #inFlight = new Map<string, Promise<Order>>();

  constructor(store: OrderStore, ports: CheckoutPorts) {
    this.#store = store;
    this.#ports = ports;
  }

  /**
   * Opens the order for `idempotencyKey` (or finds it) and drives it to an end state. `replayed` is true when
   * the key had been seen before.
   */
  async place(idempotencyKey: string, body: PlaceOrderBody): Promise<{ order: Order; replayed: boolean }> {
    const { order, created } = this.#store.open({
      idempotencyKey,
      requestHash: requestHash(body),
      lines: body.items,
      paymentMethod: body.paymentMethod,
    });
    if (order.status !== 'pending') return { order, replayed: !created };
    return { order: await this.#driveOnce(order), replayed: !created };
  }

  /**
   * Drives every order left pending — by a crash mid-checkout, or a dependency that was down — to an end state,
   * each in its own `resume order` trace. Returns the orders still pending (a dependency is still down).
   */
  async resumePending(): Promise<number> {
    let stillPending = 0;
    for (const id of this.#store.pendingIds()) {
      await withSpan('resume order', { root: true, attributes: { 'order.id': id } }, () =>
        this.#driveOnce(this.#store.get(id)),
      ).catch(() => stillPending++);
    }
    return stillPending;
  }

  /** Concurrent requests for one order share one run of the saga. */
  #driveOnce(order: Order): Promise<Order> {
    let running = this.#inFlight.get(order.id);
    if (running === undefined) {
      running = this.#drive(order).finally(() => this.#inFlight.delete(order.id));
      this.#inFlight.set(order.id, running);
    }
    return running;
  }

  async #drive(order: Order): Promise<Order> {
    const attributes = { 'order.id': order.id, 'order.item_count': order.lines.length };
    let reservation: Reservation;
    try {
      reservation = await withSpan('reserve stock', { attributes }, () => this.#ports.reserve(order));
    } catch (error) {
      if (isBusinessFailure(error)) return this.#store.fail(order.id, error.code, error.detail);
      throw error;
    }
    const amountCents = withSpan('price order', { attributes }, (span) => {
      const amount = priceOrder(reservation.lines);
      span.setAttribute('order.amount', amount);
      this.#store.price(order.id, reservation.lines, amount);
      return amount;
    });
    try {
      await withSpan('charge payment', { attributes: { ...attributes, 'order.amount': amountCents } }, () =>
        this.#ports.charge(order, amountCents),
      );
    } catch (error) {
      if (!isBusinessFailure(error)) throw error;
      return withSpan('cancel order', { attributes }, async () => {
        await this.#ports.release(order);
        return this.#store.fail(order.id, error.code, error.detail);
      });
    }
    const confirmed = withSpan(
      'confirm order',
      { attributes: { ...attributes, 'order.amount': amountCents } },
      () => {
        const payload: OrderConfirmed = { orderId: order.id, lines: reservation.lines, amountCents };
        return this.#store.confirm(order.id, { topic: ORDER_CONFIRMED, payload, headers: injectContext({}) });
      },
    );
    this.#ports.confirmed(confirmed);
    return confirmed;
  }
}
