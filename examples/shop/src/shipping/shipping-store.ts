// Shipments in shipping's own database. A message id is recorded in the same transaction as the shipment it
// creates, so a redelivered message (the outbox delivers at least once) creates nothing the second time.
import { randomInt, randomUUID } from 'node:crypto';
import type { OrderConfirmed, OrderId, Shipment } from '../shared/domain.js';
import type { ShopDatabase } from '../shared/database.js';

export const SHIPPING_SCHEMA = `
CREATE TABLE IF NOT EXISTS processed_messages (
  message_id TEXT PRIMARY KEY,
  topic TEXT NOT NULL,
  processed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS shipments (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  carrier TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  created_at TEXT NOT NULL
);`;

const CARRIERS = ['DHL', 'UPS', 'PostNL', 'La Poste'];

interface ShipmentRow {
  id: string;
  order_id: string;
  status: Shipment['status'];
  carrier: string;
  tracking_number: string;
  created_at: string;
}

const toShipment = (row: ShipmentRow): Shipment => ({
  id: row.id,
  orderId: row.order_id,
  status: row.status,
  carrier: row.carrier,
  trackingNumber: row.tracking_number,
  createdAt: row.created_at,
});

export class ShippingStore {
  readonly #db: ShopDatabase;
  readonly #remember;
  readonly #insert;
  readonly #byOrder;

  constructor(db: ShopDatabase) {
    this.#db = db;
    this.#remember = db.prepare(
      'INSERT INTO processed_messages (message_id, topic, processed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.#insert = db.prepare(
      `INSERT INTO shipments (id, order_id, status, carrier, tracking_number, created_at)
       VALUES (?, ?, 'created', ?, ?, ?) ON CONFLICT (order_id) DO NOTHING`,
    );
    this.#byOrder = db.prepare<ShipmentRow>('SELECT * FROM shipments WHERE order_id = ?');
  }

  /** Creates the shipment of a confirmed order once per message id; `duplicate` is true for a redelivery. */
  shipOrder(
    messageId: string,
    topic: string,
    order: OrderConfirmed,
  ): { shipment: Shipment; duplicate: boolean } {
    return this.#db.transaction(() => {
      const now = new Date().toISOString();
      const duplicate = this.#remember.run(messageId, topic, now).changes === 0;
      if (!duplicate) {
        const carrier = CARRIERS[randomInt(CARRIERS.length)]!;
        const tracking = `${carrier.slice(0, 2).toUpperCase()}${randomInt(1e9, 1e10)}`;
        this.#insert.run(`shp_${randomUUID()}`, order.orderId, carrier, tracking, now);
      }
      return { shipment: this.byOrder(order.orderId)!, duplicate };
    });
  }

  byOrder(orderId: OrderId): Shipment | undefined {
    const row = this.#byOrder.get(orderId);
    return row === undefined ? undefined : toShipment(row);
  }
}
