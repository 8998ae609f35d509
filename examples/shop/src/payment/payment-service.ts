// Charges and refunds. A charge is recorded as pending before the provider is asked, so a retry while it is in
// flight is refused and a retry after it returns the outcome of the first: an order is never charged twice.
import { SpanStatusCode } from '@opentelemetry/api';
import { withSpan } from '@skein/telemetry';
import type { Charge, OrderId, PaymentMethod } from '../shared/domain.js';
import { ChargeNotFoundError, PaymentDeclinedError, PaymentInProgressError } from '../shared/errors.js';
import { FRAUD_THRESHOLD, fraudScore } from './fraud-check.js';
import type { SimulatedProvider } from './payment-provider.js';
import type { PaymentStore } from './payment-store.js';

export interface ChargeRequest {
  orderId: OrderId;
  amountCents: number;
  paymentMethod: PaymentMethod;
}

/** Throws PaymentDeclinedError for a declined charge, so callers and spans see the failure. */
function declined(charge: Charge): never {
  throw new PaymentDeclinedError(
    `Payment for order '${charge.orderId}' was declined: ${charge.declineReason}.`,
  );
}

export class PaymentService {
  readonly #store: PaymentStore;
  readonly #provider: SimulatedProvider;

  constructor(store: PaymentStore, provider: SimulatedProvider) {
    this.#store = store;
    this.#provider = provider;
  }

  /** Charges the order once; a repeat returns the first outcome (a succeeded charge, or the decline). */
  async charge(request: ChargeRequest): Promise<Charge> {
    const { charge, created } = this.#store.begin(
      request.orderId,
      request.amountCents,
      request.paymentMethod,
    );
    if (!created) return this.#outcome(charge);
    const score = withSpan(
      'fraud check',
      { attributes: { 'order.id': request.orderId, 'order.amount': request.amountCents } },
      (span) => {
        const value = fraudScore(request.amountCents, request.paymentMethod);
        span.setAttribute('payment.fraud_score', value);
        return value;
      },
    );
    if (score >= FRAUD_THRESHOLD) {
      this.#store.settle(request.orderId, 'pending', 'declined', {
        declineReason: 'refused by the fraud check',
      });
      return this.#outcome(this.#store.byOrder(request.orderId)!);
    }
    const authorization = await withSpan(
      'authorize payment',
      { attributes: { 'order.id': request.orderId, 'payment.method': request.paymentMethod } },
      async (span) => {
        const result = await this.#provider.authorize(request.amountCents, request.paymentMethod);
        if (!result.approved) span.setStatus({ code: SpanStatusCode.ERROR, message: result.reason });
        return result;
      },
    );
    if (authorization.approved) {
      this.#store.settle(request.orderId, 'pending', 'succeeded', { reference: authorization.reference });
    } else {
      this.#store.settle(request.orderId, 'pending', 'declined', { declineReason: authorization.reason });
    }
    return this.#outcome(this.#store.byOrder(request.orderId)!);
  }

  /** Refunds a succeeded charge; refunding twice changes nothing. */
  refund(orderId: OrderId): Charge {
    const charge = this.get(orderId);
    if (charge.status === 'succeeded') this.#store.settle(orderId, 'succeeded', 'refunded');
    return this.get(orderId);
  }

  get(orderId: OrderId): Charge {
    const charge = this.#store.byOrder(orderId);
    if (charge === undefined) throw new ChargeNotFoundError(`Order '${orderId}' has no charge.`);
    return charge;
  }

  #outcome(charge: Charge): Charge {
    if (charge.status === 'pending') throw new PaymentInProgressError();
    if (charge.status === 'declined') declined(charge);
    return charge;
  }
}
