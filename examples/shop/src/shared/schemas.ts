// Request schemas (Standard Schema, via zod) of every shop endpoint that takes input. A rejected request is
// answered 400 by @skein/server, naming each invalid field.
import { z } from 'zod';
import { PAYMENT_METHODS } from './domain.js';

const id = z.string().min(1).max(100);

export const idParams = z.object({ id });

export const orderLine = z.object({
  productId: id,
  quantity: z.number().int().min(1).max(100),
});

/** The body of POST /api/orders (gateway) and POST /orders (orders). */
export const placeOrderBody = z.object({
  items: z.array(orderLine).min(1).max(50),
  paymentMethod: z.enum(PAYMENT_METHODS),
});
export type PlaceOrderBody = z.infer<typeof placeOrderBody>;

export const reserveBody = z.object({ orderId: id, lines: z.array(orderLine).min(1).max(50) });

export const chargeBody = z.object({
  orderId: id,
  amountCents: z.number().int().min(0),
  paymentMethod: z.enum(PAYMENT_METHODS),
});

export const orderIdParams = z.object({ orderId: id });

export const shipmentsQuery = z.object({ orderId: id });

export const messageBody = z.object({
  id,
  topic: z.string().min(1).max(100),
  headers: z.record(z.string(), z.string()),
  payload: z.unknown(),
});

export const orderConfirmedPayload = z.object({
  orderId: id,
  lines: z.array(orderLine),
  amountCents: z.number().int().min(0),
});

/** An Idempotency-Key: 1 to 255 visible ASCII characters. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
