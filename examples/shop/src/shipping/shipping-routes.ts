// shipping: consumes `order.confirmed` messages (POST /messages, delivered by orders' outbox) and creates one
// shipment per order. The CONSUMER span continues the producer's trace and links to its span.
import { ValidationError, type App } from '@skein/server';
import { withConsumerSpan, withSpan } from '@skein/telemetry';
import type { ShopConfig } from '../shared/config.js';
import { ShopDatabase } from '../shared/database.js';
import { MESSAGING_SYSTEM, ORDER_CONFIRMED } from '../shared/domain.js';
import { messageBody, orderConfirmedPayload, shipmentsQuery } from '../shared/schemas.js';
import type { ServiceResources } from '../shared/service-runner.js';
import { UnknownTopicError } from '../shared/errors.js';
import { SHIPPING_SCHEMA, ShippingStore } from './shipping-store.js';

export function setupShipping(app: App, config: ShopConfig): ServiceResources {
  const db = new ShopDatabase(config.databaseFile, SHIPPING_SCHEMA);
  const store = new ShippingStore(db);
  app.readiness('database', () => db.isOpen);

  app.post('/messages', { schema: { body: messageBody } }, (ctx) => {
    const message = ctx.body;
    const description = { system: MESSAGING_SYSTEM, destination: message.topic, messageId: message.id };
    return withConsumerSpan(description, message.headers, (span) => {
      if (message.topic !== ORDER_CONFIRMED) {
        throw new UnknownTopicError(`shipping does not consume '${message.topic}'.`);
      }
      const parsed = orderConfirmedPayload.safeParse(message.payload);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({
          in: 'body' as const,
          path: `/payload/${i.path.join('/')}`,
          message: i.message,
        }));
        throw new ValidationError(undefined, { errors });
      }
      const order = parsed.data;
      span.setAttribute('order.id', order.orderId);
      const { shipment, duplicate } = withSpan(
        'create shipment',
        { attributes: { 'order.id': order.orderId, 'order.item_count': order.lines.length } },
        () => store.shipOrder(message.id, message.topic, order),
      );
      span.setAttribute('messaging.message.duplicate', duplicate);
      return { acknowledged: message.id, duplicate, shipment };
    });
  });
  // A list, so "no shipment yet" is an ordinary 200 rather than a 404 that paints the caller's span red.
  app.get('/shipments', { schema: { query: shipmentsQuery } }, (ctx) => {
    const shipment = store.byOrder(ctx.query.orderId);
    return { shipments: shipment === undefined ? [] : [shipment] };
  });
  return { close: () => db.close() };
}
