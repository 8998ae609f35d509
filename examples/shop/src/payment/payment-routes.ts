// payment: charges orders through the simulated provider (SKEIN_PAYMENT_LATENCY_MS, SKEIN_PAYMENT_FAILURE_RATE)
// and refunds them; one charge per order, whatever the number of requests.
import type { App } from '@skein/server';
import type { ShopConfig } from '../shared/config.js';
import { ShopDatabase } from '../shared/database.js';
import { chargeBody, orderIdParams } from '../shared/schemas.js';
import type { ServiceResources } from '../shared/service-runner.js';
import { SimulatedProvider } from './payment-provider.js';
import { PaymentService } from './payment-service.js';
import { PAYMENT_SCHEMA, PaymentStore } from './payment-store.js';

export function setupPayment(app: App, config: ShopConfig): ServiceResources {
  const db = new ShopDatabase(config.databaseFile, PAYMENT_SCHEMA);
  const provider = new SimulatedProvider({
    latencyMs: config.faults.paymentLatencyMs,
    failureRate: config.faults.paymentFailureRate,
  });
  const store = new PaymentStore(db);
  const abandoned = store.abandonPending();
  if (abandoned > 0) app.log.warn(`declined ${abandoned} charge(s) interrupted by the last shutdown`);
  const payments = new PaymentService(store, provider);
  app.readiness('database', () => db.isOpen);

  app.post('/charges', { schema: { body: chargeBody } }, async (ctx) => {
    const charge = await payments.charge(ctx.body);
    ctx.status(201);
    return charge;
  });
  app.get('/charges/:orderId', { schema: { params: orderIdParams } }, (ctx) =>
    payments.get(ctx.params.orderId),
  );
  app.post('/charges/:orderId/refund', { schema: { params: orderIdParams } }, (ctx) =>
    payments.refund(ctx.params.orderId),
  );
  return { close: () => db.close() };
}
