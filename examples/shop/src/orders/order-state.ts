// The order state machine: an order starts pending and ends confirmed (paid) or failed; nothing leaves an
// end state. Every status change in the store goes through `assertTransition`.
import type { OrderStatus } from '../shared/domain.js';
import { InvalidOrderTransitionError } from '../shared/errors.js';

const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'failed'],
  confirmed: [],
  failed: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** Throws InvalidOrderTransitionError unless `from → to` is an edge of the machine. */
export function assertTransition(orderId: string, from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new InvalidOrderTransitionError(`Order '${orderId}' is ${from}; it cannot become ${to}.`);
  }
}

export function isFinal(status: OrderStatus): boolean {
  return NEXT[status].length === 0;
}
