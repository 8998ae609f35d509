// Every error the shop answers with, defined once with a stable code and HTTP status. Services throw them by
// name; @skein/server renders them as problem+json, and the service client turns a problem back into the
// same error one hop up, so a 409 from inventory reaches the caller of the gateway as that 409.
import { defineError, type DefinedError } from '@skein/server';

export const ProductNotFoundError = defineError(
  'ProductNotFoundError',
  'SHOP_ERR_PRODUCT_NOT_FOUND',
  404,
  'Product not found',
);
export const InsufficientStockError = defineError(
  'InsufficientStockError',
  'SHOP_ERR_INSUFFICIENT_STOCK',
  409,
  'Insufficient stock',
);
export const ReservationNotFoundError = defineError(
  'ReservationNotFoundError',
  'SHOP_ERR_RESERVATION_NOT_FOUND',
  404,
  'Reservation not found',
);
export const OrderNotFoundError = defineError(
  'OrderNotFoundError',
  'SHOP_ERR_ORDER_NOT_FOUND',
  404,
  'Order not found',
);
export const InvalidOrderTransitionError = defineError(
  'InvalidOrderTransitionError',
  'SHOP_ERR_INVALID_ORDER_TRANSITION',
  409,
  'Invalid order transition',
);
export const IdempotencyKeyReusedError = defineError(
  'IdempotencyKeyReusedError',
  'SHOP_ERR_IDEMPOTENCY_KEY_REUSED',
  422,
  'Idempotency key reused',
  'This Idempotency-Key was already used with a different request body.',
);
export const IdempotencyKeyInvalidError = defineError(
  'IdempotencyKeyInvalidError',
  'SHOP_ERR_IDEMPOTENCY_KEY_INVALID',
  400,
  'Invalid Idempotency-Key',
  'The Idempotency-Key header must be 1 to 255 visible ASCII characters.',
);
export const PaymentDeclinedError = defineError(
  'PaymentDeclinedError',
  'SHOP_ERR_PAYMENT_DECLINED',
  402,
  'Payment declined',
);
export const PaymentInProgressError = defineError(
  'PaymentInProgressError',
  'SHOP_ERR_PAYMENT_IN_PROGRESS',
  409,
  'Payment in progress',
  'A charge for this order is being processed; retry shortly.',
);
export const ChargeNotFoundError = defineError(
  'ChargeNotFoundError',
  'SHOP_ERR_CHARGE_NOT_FOUND',
  404,
  'Charge not found',
);
export const UnknownTopicError = defineError(
  'UnknownTopicError',
  'SHOP_ERR_UNKNOWN_TOPIC',
  422,
  'Unknown topic',
);
export const UpstreamUnavailableError = defineError(
  'UpstreamUnavailableError',
  'SHOP_ERR_UPSTREAM_UNAVAILABLE',
  503,
  'Upstream unavailable',
);

const byCode = new Map<string, DefinedError>(
  [
    ProductNotFoundError,
    InsufficientStockError,
    ReservationNotFoundError,
    OrderNotFoundError,
    InvalidOrderTransitionError,
    IdempotencyKeyReusedError,
    IdempotencyKeyInvalidError,
    PaymentDeclinedError,
    PaymentInProgressError,
    ChargeNotFoundError,
    UnknownTopicError,
    UpstreamUnavailableError,
  ].map((e) => [e.code, e]),
);

/** The shop error class with this stable code, if it is one of ours. */
export function shopErrorByCode(code: string): DefinedError | undefined {
  return byCode.get(code);
}
