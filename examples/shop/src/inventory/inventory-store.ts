// Products and stock in inventory's own database. A reservation takes stock for one order atomically — every
// line or none — and is keyed by the order id, so reserving or releasing twice changes nothing the second time.
import type { OrderId, OrderLine, PricedLine, Product, Reservation } from '../shared/domain.js';
import { InsufficientStockError, ProductNotFoundError, ReservationNotFoundError } from '../shared/errors.js';
import type { ShopDatabase } from '../shared/database.js';

export const INVENTORY_SCHEMA = `
CREATE TABLE IF NOT EXISTS products (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  stock INTEGER NOT NULL CHECK (stock >= 0)
);
CREATE TABLE IF NOT EXISTS reservations (
  order_id TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('reserved', 'released')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reservation_lines (
  order_id TEXT NOT NULL REFERENCES reservations (order_id),
  product_id TEXT NOT NULL REFERENCES products (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL,
  PRIMARY KEY (order_id, product_id)
);`;

interface ProductRow {
  id: string;
  name: string;
  description: string;
  price_cents: number;
  stock: number;
}

interface LineRow {
  product_id: string;
  quantity: number;
  unit_price_cents: number;
}

const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  name: row.name,
  description: row.description,
  priceCents: row.price_cents,
  stock: row.stock,
});

const toLine = (row: LineRow): PricedLine => ({
  productId: row.product_id,
  quantity: row.quantity,
  unitPriceCents: row.unit_price_cents,
});

/** Sums the quantities of lines naming the same product, keeping first-seen order. */
export function mergeLines(lines: readonly OrderLine[]): OrderLine[] {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}

export class InventoryStore {
  readonly #db: ShopDatabase;
  readonly #countProducts;
  readonly #insertProduct;
  readonly #listProducts;
  readonly #getProduct;
  readonly #takeStock;
  readonly #returnStock;
  readonly #getReservation;
  readonly #insertReservation;
  readonly #setReservationStatus;
  readonly #insertLine;
  readonly #listLines;

  constructor(db: ShopDatabase) {
    this.#db = db;
    this.#countProducts = db.prepare<{ n: number }>('SELECT count(*) AS n FROM products');
    this.#insertProduct = db.prepare(
      'INSERT INTO products (id, name, description, price_cents, stock) VALUES (?, ?, ?, ?, ?)',
    );
    this.#listProducts = db.prepare<ProductRow>('SELECT * FROM products ORDER BY name');
    this.#getProduct = db.prepare<ProductRow>('SELECT * FROM products WHERE id = ?');
    this.#takeStock = db.prepare('UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?');
    this.#returnStock = db.prepare('UPDATE products SET stock = stock + ? WHERE id = ?');
    this.#getReservation = db.prepare<{ status: Reservation['status'] }>(
      'SELECT status FROM reservations WHERE order_id = ?',
    );
    this.#insertReservation = db.prepare(
      "INSERT INTO reservations (order_id, status, created_at, updated_at) VALUES (?, 'reserved', ?, ?)",
    );
    this.#setReservationStatus = db.prepare(
      'UPDATE reservations SET status = ?, updated_at = ? WHERE order_id = ?',
    );
    this.#insertLine = db.prepare(
      'INSERT INTO reservation_lines (order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?)',
    );
    this.#listLines = db.prepare<LineRow>(
      'SELECT product_id, quantity, unit_price_cents FROM reservation_lines WHERE order_id = ? ORDER BY rowid',
    );
  }

  /** Inserts `products` when the catalogue is empty (first start). */
  seed(products: readonly Product[]): void {
    this.#db.transaction(() => {
      if (this.#countProducts.get()!.n > 0) return;
      for (const p of products) this.#insertProduct.run(p.id, p.name, p.description, p.priceCents, p.stock);
    });
  }

  listProducts(): Product[] {
    return this.#listProducts.all().map(toProduct);
  }

  getProduct(id: string): Product {
    const row = this.#getProduct.get(id);
    if (row === undefined) throw new ProductNotFoundError(`No product has the id '${id}'.`);
    return toProduct(row);
  }

  /**
   * Takes the stock of every line for `orderId`, or none of it: an unknown product throws ProductNotFoundError,
   * a short one InsufficientStockError. Reserving an order again returns its existing reservation.
   */
  reserve(orderId: OrderId, lines: readonly OrderLine[]): Reservation {
    return this.#db.transaction(() => {
      const existing = this.#getReservation.get(orderId);
      if (existing !== undefined) return this.#reservation(orderId, existing.status);
      const now = new Date().toISOString();
      this.#insertReservation.run(orderId, now, now);
      for (const line of mergeLines(lines)) {
        const product = this.getProduct(line.productId);
        if (this.#takeStock.run(line.quantity, line.productId, line.quantity).changes === 0) {
          throw new InsufficientStockError(
            `Only ${product.stock} of '${product.id}' left; ${line.quantity} requested.`,
          );
        }
        this.#insertLine.run(orderId, line.productId, line.quantity, product.priceCents);
      }
      return this.#reservation(orderId, 'reserved');
    });
  }

  /** Returns the reserved stock of `orderId`; releasing a released reservation changes nothing. */
  release(orderId: OrderId): Reservation {
    return this.#db.transaction(() => {
      const existing = this.#getReservation.get(orderId);
      if (existing === undefined)
        throw new ReservationNotFoundError(`Order '${orderId}' has no reservation.`);
      if (existing.status === 'released') return this.#reservation(orderId, 'released');
      const lines = this.#listLines.all(orderId);
      for (const line of lines) this.#returnStock.run(line.quantity, line.product_id);
      this.#setReservationStatus.run('released', new Date().toISOString(), orderId);
      return { orderId, status: 'released', lines: lines.map(toLine) };
    });
  }

  getReservation(orderId: OrderId): Reservation {
    const existing = this.#getReservation.get(orderId);
    if (existing === undefined) throw new ReservationNotFoundError(`Order '${orderId}' has no reservation.`);
    return this.#reservation(orderId, existing.status);
  }

  #reservation(orderId: OrderId, status: Reservation['status']): Reservation {
    return { orderId, status, lines: this.#listLines.all(orderId).map(toLine) };
  }
}
