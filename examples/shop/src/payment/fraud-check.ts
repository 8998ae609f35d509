// A toy risk score: large amounts and unusual methods score higher; above the threshold a charge is refused
// before the provider is asked.
import type { PaymentMethod } from '../shared/domain.js';

export const FRAUD_THRESHOLD = 0.9;

const METHOD_RISK: Record<PaymentMethod, number> = { card: 0.1, paypal: 0.05, bank_transfer: 0.2 };

/** A score in [0, 1]: 0.1 per 1,000.00 charged plus the method's base risk, capped at 1. */
export function fraudScore(amountCents: number, method: PaymentMethod): number {
  return Math.min(1, METHOD_RISK[method] + amountCents / 1_000_000);
}
