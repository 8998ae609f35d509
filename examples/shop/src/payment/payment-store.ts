// Charges in payment's own database, one per order at most: the UNIQUE order id is what makes a repeated
// charge request return the first charge instead of charging again.
import { randomUUID } from 'node:crypto';
import type { Charge, ChargeStatus, OrderId, PaymentMethod } from '../shared/domain.js';
import type { ShopDatabase } from '../shared/database.js';

export const PAYMENT_SCHEMA = `
CREATE TABLE IF NOT EXISTS charges (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL UNIQUE,
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  payment_method TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'declined', 'refunded')),
  provider_reference TEXT,
  decline_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);`;

interface ChargeRow {
  id: string;
  order_id: string;
  amount_cents: number;
  payment_method: PaymentMethod;
  status: ChargeStatus;
  decline_reason: string | null;
}

const toCharge = (row: ChargeRow): Charge => ({
  id: row.id,
  orderId: row.order_id,
  amountCents: row.amount_cents,
  paymentMethod: row.payment_method,
  status: row.status,
  declineReason: row.decline_reason,
});

export class PaymentStore {
  readonly #insert;
  readonly #byOrder;
  readonly #settle;
  readonly #abandon;

  constructor(db: ShopDatabase) {
    this.#insert = db.prepare(
      `INSERT INTO charges (id, order_id, amount_cents, payment_method, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (order_id) DO NOTHING`,
    );
    this.#byOrder = db.prepare<ChargeRow>('SELECT * FROM charges WHERE order_id = ?');
    this.#abandon = db.prepare(
      "UPDATE charges SET status = 'declined', decline_reason = ?, updated_at = ? WHERE status = 'pending'",
    );
    this.#settle = db.prepare(
      `UPDATE charges SET status = ?, provider_reference = ?, decline_reason = ?, updated_at = ?
       WHERE order_id = ? AND status = ?`,
    );
  }

  /** Records a pending charge for `orderId`; `created` is false when the order already had one (returned). */
  begin(orderId: OrderId, amountCents: number, method: PaymentMethod): { charge: Charge; created: boolean } {
    const now = new Date().toISOString();
    const created =
      this.#insert.run(`ch_${randomUUID()}`, orderId, amountCents, method, now, now).changes === 1;
    return { charge: this.byOrder(orderId)!, created };
  }

  /**
   * Declines the charges a previous run left pending (it stopped before the provider answered); call at start,
   * before serving, so a retried order sees a decline instead of "in progress" forever. Returns how many.
   */
  abandonPending(): number {
    return this.#abandon.run('interrupted before the provider answered', new Date().toISOString()).changes;
  }

  byOrder(orderId: OrderId): Charge | undefined {
    const row = this.#byOrder.get(orderId);
    return row === undefined ? undefined : toCharge(row);
  }

  /** Moves the charge of `orderId` from `from` to `to`; false when it was not in `from`. */
  settle(
    orderId: OrderId,
    from: ChargeStatus,
    to: ChargeStatus,
    details: { reference?: string; declineReason?: string } = {},
  ): boolean {
    const now = new Date().toISOString();
    return (
      this.#settle.run(to, details.reference ?? null, details.declineReason ?? null, now, orderId, from)
        .changes === 1
    );
  }
}
