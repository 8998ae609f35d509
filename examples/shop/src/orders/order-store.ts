// Orders in orders' own database. The Idempotency-Key is a UNIQUE column, so opening an order twice with one
// key returns the first; confirming writes the status and the outbox message in one transaction.
import { randomUUID } from 'node:crypto';
import type { Order, OrderId, OrderLine, OrderStatus, PaymentMethod, PricedLine } from '../shared/domain.js';
import { IdempotencyKeyReusedError, OrderNotFoundError } from '../shared/errors.js';
import type { ShopDatabase } from '../shared/database.js';
import { assertTransition } from './order-state.js';
import { OUTBOX_SCHEMA, Outbox } from './outbox.js';

export const ORDERS_SCHEMA = `
CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'failed')),
  payment_method TEXT NOT NULL,
  amount_cents INTEGER,
  failure_code TEXT,
  failure_detail TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS order_lines (
  order_id TEXT NOT NULL REFERENCES orders (id),
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER
);
${OUTBOX_SCHEMA}`;

export interface NewOrder {
  idempotencyKey: string;
  /** Fingerprint of the request body: a key reused with another body is refused. */
  requestHash: string;
  lines: readonly OrderLine[];
  paymentMethod: PaymentMethod;
}

/** A message to write with a status change. */
export interface OutgoingMessage {
  topic: string;
  payload: unknown;
  headers: Record<string, string>;
}

interface OrderRow {
  id: string;
  request_hash: string;
  status: OrderStatus;
  payment_method: PaymentMethod;
  amount_cents: number | null;
  failure_code: string | null;
  failure_detail: string | null;
  created_at: string;
  updated_at: string;
}

interface LineRow {
  product_id: string;
  quantity: number;
  unit_price_cents: number | null;
}

export class OrderStore {
  readonly outbox: Outbox;
  readonly #db: ShopDatabase;
  readonly #insert;
  readonly #insertLine;
  readonly #deleteLines;
  readonly #byId;
  readonly #byKey;
  readonly #lines;
  readonly #pending;
  readonly #setAmount;
  readonly #setStatus;

  constructor(db: ShopDatabase) {
    this.#db = db;
    this.outbox = new Outbox(db);
    this.#insert = db.prepare(
      `INSERT INTO orders (id, idempotency_key, request_hash, status, payment_method, created_at, updated_at)
       VALUES (?, ?, ?, 'pending', ?, ?, ?)`,
    );
    this.#insertLine = db.prepare(
      'INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?)',
    );
    this.#deleteLines = db.prepare('DELETE FROM order_lines WHERE order_id = ?');
    this.#byId = db.prepare<OrderRow>('SELECT * FROM orders WHERE id = ?');
    this.#byKey = db.prepare<OrderRow>('SELECT * FROM orders WHERE idempotency_key = ?');
    this.#pending = db.prepare<{ id: string }>(
      "SELECT id FROM orders WHERE status = 'pending' ORDER BY created_at",
    );
    this.#lines = db.prepare<LineRow>(
      'SELECT product_id, quantity, unit_price_cents FROM order_lines WHERE order_id = ? ORDER BY rowid',
    );
    this.#setAmount = db.prepare('UPDATE orders SET amount_cents = ?, updated_at = ? WHERE id = ?');
    this.#setStatus = db.prepare(
      'UPDATE orders SET status = ?, failure_code = ?, failure_detail = ?, updated_at = ? WHERE id = ? AND status = ?',
    );
  }

  /**
   * Creates a pending order, or returns the one already opened with the same Idempotency-Key (`created` false);
   * the same key with a different body throws IdempotencyKeyReusedError.
   */
  open(input: NewOrder): { order: Order; created: boolean } {
    return this.#db.transaction(() => {
      const existing = this.#byKey.get(input.idempotencyKey);
      if (existing !== undefined) {
        if (existing.request_hash !== input.requestHash) throw new IdempotencyKeyReusedError();
        return { order: this.#toOrder(existing), created: false };
      }
      const id = `ord_${randomUUID()}`;
      const now = new Date().toISOString();
      this.#insert.run(id, input.idempotencyKey, input.requestHash, input.paymentMethod, now, now);
      for (const line of input.lines) this.#insertLine.run(id, line.productId, line.quantity, null);
      return { order: this.get(id), created: true };
    });
  }

  get(id: OrderId): Order {
    const row = this.#byId.get(id);
    if (row === undefined) throw new OrderNotFoundError(`No order has the id '${id}'.`);
    return this.#toOrder(row);
  }

  /** Ids of the orders not yet confirmed or failed, oldest first. */
  pendingIds(): OrderId[] {
    return this.#pending.all().map((row) => row.id);
  }

  /** Records the lines as reserved (with their prices) and the amount to charge. */
  price(id: OrderId, lines: readonly PricedLine[], amountCents: number): void {
    this.#db.transaction(() => {
      this.#deleteLines.run(id);
      for (const line of lines) this.#insertLine.run(id, line.productId, line.quantity, line.unitPriceCents);
      this.#setAmount.run(amountCents, new Date().toISOString(), id);
    });
  }

  /** pending → confirmed, and `message` into the outbox, in one transaction. */
  confirm(id: OrderId, message: OutgoingMessage): Order {
    return this.#db.transaction(() => {
      this.#transition(id, 'confirmed', null, null);
      this.outbox.add(message.topic, message.payload, message.headers);
      return this.get(id);
    });
  }

  /** pending → failed, with the error code and detail that explain it. */
  fail(id: OrderId, code: string, detail: string): Order {
    return this.#db.transaction(() => {
      this.#transition(id, 'failed', code, detail);
      return this.get(id);
    });
  }

  #transition(id: OrderId, to: OrderStatus, code: string | null, detail: string | null): void {
    const from = this.get(id).status;
    assertTransition(id, from, to);
    this.#setStatus.run(to, code, detail, new Date().toISOString(), id, from);
  }

  #toOrder(row: OrderRow): Order {
    return {
      id: row.id,
      status: row.status,
      lines: this.#lines.all(row.id).map((l) => ({
        productId: l.product_id,
        quantity: l.quantity,
        unitPriceCents: l.unit_price_cents,
      })),
      paymentMethod: row.payment_method,
      amountCents: row.amount_cents,
      failureCode: row.failure_code,
      failureDetail: row.failure_detail,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
