// The shop's domain types, shared by every service: what crosses the wire between them. Money is integer cents.

export type ProductId = string;
export type OrderId = string;

export interface Product {
  id: ProductId;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
}

export interface OrderLine {
  productId: ProductId;
  quantity: number;
}

/** A line as inventory reserved it, with the unit price at the time of the reservation. */
export interface PricedLine extends OrderLine {
  unitPriceCents: number;
}

export type ReservationStatus = 'reserved' | 'released';

export interface Reservation {
  orderId: OrderId;
  status: ReservationStatus;
  lines: PricedLine[];
}

export const PAYMENT_METHODS = ['card', 'paypal', 'bank_transfer'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export type ChargeStatus = 'pending' | 'succeeded' | 'declined' | 'refunded';

export interface Charge {
  id: string;
  orderId: OrderId;
  amountCents: number;
  paymentMethod: PaymentMethod;
  status: ChargeStatus;
  declineReason: string | null;
}

export type OrderStatus = 'pending' | 'confirmed' | 'failed';

/** A line of an order: its unit price is known once inventory reserved the stock. */
export interface OrderItem extends OrderLine {
  unitPriceCents: number | null;
}

export interface Order {
  id: OrderId;
  status: OrderStatus;
  lines: OrderItem[];
  paymentMethod: PaymentMethod;
  /** Null until the order is priced (after its stock is reserved). */
  amountCents: number | null;
  /** The stable error code of the failure, e.g. SHOP_ERR_PAYMENT_DECLINED; null unless failed. */
  failureCode: string | null;
  failureDetail: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ShipmentStatus = 'created';

export interface Shipment {
  id: string;
  orderId: OrderId;
  status: ShipmentStatus;
  carrier: string;
  trackingNumber: string;
  createdAt: string;
}

/** `messaging.system` of the shop's outbox messages. */
export const MESSAGING_SYSTEM = 'shop_outbox';

/** The topic orders publishes once an order is paid; shipping consumes it. */
export const ORDER_CONFIRMED = 'order.confirmed';

export interface OrderConfirmed {
  orderId: OrderId;
  lines: OrderLine[];
  amountCents: number;
}

/** A message as the outbox dispatcher delivers it: trace context and metadata travel in `headers`. */
export interface Message<P = unknown> {
  id: string;
  topic: string;
  headers: Record<string, string>;
  payload: P;
}
